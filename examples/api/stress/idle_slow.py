#!/usr/bin/env python3
"""Valid requests while the server holds many idle connections and slow senders (issue 12 (a)).

Opens N idle connections (connected, nothing sent) and M slow senders (each sends a valid
decision request one byte at a time, a pause between bytes, and starts again on a new
connection when the server closes it), then sends R valid single-record decision requests
from C keep-alive connections (sequential on each) and measures each one's latency, from
sending (connecting, when the connection is new) to the end of the response. Prints one line:

    RESULT idle 2000/2000 slow 50/50 requests 2000 clients 8 ok 2000 lost 0 unsent 0 p50 0.42 ms
           p99 1.10 ms max 3.02 ms statuses 200:2000 elapsed 0.6 s        (one line, then details)

`lost` is a request sent and not answered (timeout, reset, closed); `unsent` a request not
sent because --deadline passed. Exits 1 unless every request was answered 200 (and, with
--max-p99-ms, unless p99 is within it); 2 on bad usage or if the server cannot be reached.

    python3 examples/api/stress/idle_slow.py --url http://127.0.0.1:8080
    python3 examples/api/stress/idle_slow.py --url http://127.0.0.1:8080 --idle 2000 --slow 50 \\
        --requests 2000 --clients 8 --timeout 10 --deadline 60

Standard library only. Raises its own open-file limit to the hard limit first.
"""
import argparse
import errno
import json
import math
import resource
import selectors
import socket
import sys
import threading
import time
import urllib.parse

SITI = {"nik": "3672010105840001", "name": "Siti Aminah", "role": "ketua_rt",
        "birth_date": "1984-05-01", "domicile": "36.72"}


def raise_nofile():
    """Raises the soft RLIMIT_NOFILE to the hard limit; returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = 1 << 20
    if soft == resource.RLIM_INFINITY or soft >= hard:
        return soft if soft != resource.RLIM_INFINITY else hard
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard
    except (ValueError, OSError):
        return soft


def decision_request(host, port, path, body, keep_alive=True):
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n")
    if not keep_alive:
        head += "Connection: close\r\n"
    return head.encode() + b"\r\n" + body


class Lost(Exception):
    pass


def read_response(sock, deadline):
    """Reads one response (Content-Length body) by `deadline`; returns (status, headers, body).
    Raises Lost if the connection ends or the deadline passes first."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += recv_by(sock, deadline)
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ")[1])
    except (IndexError, ValueError):
        raise Lost("bad status line %r" % lines[0][:80])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        body += recv_by(sock, deadline)
    return status, headers, body[:length]


def recv_by(sock, deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise Lost("timeout")
    sock.settimeout(left)
    try:
        chunk = sock.recv(65536)
    except socket.timeout:
        raise Lost("timeout")
    except OSError as e:
        raise Lost(errno.errorcode.get(e.errno, str(e)))
    if not chunk:
        raise Lost("closed")
    return chunk


def count(d, key, n=1):
    d[key] = d.get(key, 0) + n


def open_idle(host, port, n, timeout, batch=256):
    """Connects n sockets (non-blocking connects, `batch` at a time); returns (sockets, failures)."""
    sockets, failures = [], {}
    sel = selectors.DefaultSelector()
    deadline = time.monotonic() + timeout
    todo = n
    while todo > 0 and time.monotonic() < deadline:
        pending = []
        for _ in range(min(batch, todo)):
            try:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            except OSError as e:
                count(failures, errno.errorcode.get(e.errno, str(e)))
                todo -= 1
                continue
            s.setblocking(False)
            rc = s.connect_ex((host, port))
            if rc in (0, errno.EINPROGRESS):
                sel.register(s, selectors.EVENT_WRITE)
                pending.append(s)
            else:
                count(failures, errno.errorcode.get(rc, str(rc)))
                s.close()
            todo -= 1
        waiting = set(pending)
        while waiting and time.monotonic() < deadline:
            for key, _ in sel.select(max(0.0, deadline - time.monotonic())):
                s = key.fileobj
                sel.unregister(s)
                waiting.discard(s)
                err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    count(failures, errno.errorcode.get(err, str(err)))
                    s.close()
                else:
                    sockets.append(s)
        for s in waiting:
            sel.unregister(s)
            s.close()
            count(failures, "connect-timeout")
    if todo > 0:
        count(failures, "not-tried", todo)
    sel.close()
    return sockets, failures


def still_open(sockets):
    """How many of the sockets the server has not closed (nothing to read, no EOF or reset)."""
    n = 0
    for s in sockets:
        try:
            data = s.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
            n += 0 if data == b"" else 1  # data: the server answered something (e.g. 408), still open
        except BlockingIOError:
            n += 1
        except OSError:
            pass
    return n


class SlowSenders(threading.Thread):
    """M connections each sending a valid request one byte per `pause` seconds; a connection
    the server closes (or answers) is replaced by a new one."""

    def __init__(self, host, port, request, m, pause, connect_timeout=5):
        super().__init__(daemon=True)
        self.addr, self.request, self.m, self.pause = (host, port), request, m, pause
        self.connect_timeout = connect_timeout
        self.conns = []  # [socket, bytes sent]
        self.stop_event = threading.Event()
        self.bytes_sent = 0
        self.replaced = 0
        self.connect_failures = 0
        self.answers = {}  # status (or "closed") -> count, for connections the server ended
        self.lock = threading.Lock()

    def connect(self):
        try:
            s = socket.create_connection(self.addr, timeout=self.connect_timeout)
            s.setblocking(False)
            return [s, 0]
        except OSError:
            self.connect_failures += 1
            return None

    def start_all(self):
        for _ in range(self.m):
            c = self.connect()
            if c:
                self.conns.append(c)
        self.start()

    def ended(self, conn, why):
        with self.lock:
            self.answers[why] = self.answers.get(why, 0) + 1
            self.replaced += 1
        try:
            conn[0].close()
        except OSError:
            pass

    def run(self):
        while not self.stop_event.is_set():
            tick = time.monotonic()
            alive = []
            for conn in self.conns:
                s, sent = conn
                try:  # has the server answered or closed?
                    data = s.recv(4096)
                    if data:
                        status = data.split(b" ", 2)[1].decode("latin-1") if data.startswith(b"HTTP/") else "data"
                        self.ended(conn, status)
                    else:
                        self.ended(conn, "closed")
                    continue
                except BlockingIOError:
                    pass
                except OSError:
                    self.ended(conn, "reset")
                    continue
                if sent < len(self.request):
                    try:
                        s.send(self.request[sent:sent + 1])
                        conn[1] += 1
                        self.bytes_sent += 1
                    except BlockingIOError:
                        pass
                    except OSError:
                        self.ended(conn, "reset")
                        continue
                alive.append(conn)
            while len(alive) < self.m and not self.stop_event.is_set():
                c = self.connect()
                if c is None:
                    break
                alive.append(c)
            self.conns = alive
            self.stop_event.wait(max(0.0, self.pause - (time.monotonic() - tick)))

    def stop(self):
        self.stop_event.set()
        self.join(10)
        for s, _ in self.conns:
            s.close()


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, min(len(sorted_values) - 1, math.ceil(q * len(sorted_values)) - 1))]


def run_clients(host, port, request, total, clients, timeout, deadline):
    """C threads, each with one keep-alive connection, sending requests one after another
    until `total` are sent or `deadline` (monotonic) passes. Returns (latencies in s of the
    200 answers, statuses, lost reasons, sent)."""
    lock = threading.Lock()
    state = {"next": 0, "sent": 0}
    latencies, statuses, lost = [], {}, {}

    def client():
        conn = None
        while True:
            with lock:
                if state["next"] >= total or time.monotonic() >= deadline:
                    break
                state["next"] += 1
                state["sent"] += 1
            started = time.monotonic()
            limit = started + timeout
            try:
                if conn is None:
                    conn = socket.create_connection((host, port), timeout=timeout)
                    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                conn.settimeout(max(0.001, limit - time.monotonic()))
                conn.sendall(request)
                status, headers, body = read_response(conn, limit)
                elapsed = time.monotonic() - started
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if status == 200:
                        latencies.append(elapsed)
                if headers.get("connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (Lost, OSError) as e:
                reason = str(e) if isinstance(e, Lost) else ("timeout" if isinstance(e, socket.timeout)
                                                             else errno.errorcode.get(e.errno, str(e)))
                with lock:
                    lost[reason] = lost.get(reason, 0) + 1
                if conn is not None:
                    conn.close()
                    conn = None
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(latencies), statuses, lost, state["sent"]


def fmt_counts(d):
    return ",".join(f"{k}:{v}" for k, v in sorted(d.items(), key=lambda kv: str(kv[0]))) or "-"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8080")
    p.add_argument("--policy", default="regions/cilegon-2024")
    p.add_argument("--as-of", default="2024-08-01")
    p.add_argument("--idle", type=int, default=2000, help="idle connections (default 2000)")
    p.add_argument("--slow", type=int, default=50, help="slow senders (default 50)")
    p.add_argument("--slow-pause", type=float, default=0.2, help="seconds between a slow sender's bytes (0.2)")
    p.add_argument("--requests", type=int, default=2000, help="valid requests to measure (default 2000)")
    p.add_argument("--clients", type=int, default=8, help="client connections sending them (default 8)")
    p.add_argument("--timeout", type=float, default=10, help="seconds for each request, connect included (10)")
    p.add_argument("--connect-timeout", type=float, default=30, help="seconds to open all idle connections (30)")
    p.add_argument("--settle", type=float, default=1.0, help="seconds from starting the slow senders to measuring (1)")
    p.add_argument("--deadline", type=float, default=60, help="stop sending after this many seconds of measuring (60)")
    p.add_argument("--max-p99-ms", type=float, default=0, help="also fail if p99 is above this (0: not checked)")
    args = p.parse_args()

    url = urllib.parse.urlsplit(args.url)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    base = url.path.rstrip("/")
    path = f"{base}/v1/policies/{args.policy}/decisions?as_of={args.as_of}"
    request = decision_request(host, port, path, json.dumps(SITI).encode())

    # The client threads mostly wait in recv; a short GIL switch interval keeps one that has its
    # answer from waiting up to 5 ms (the default) behind another running Python code.
    sys.setswitchinterval(0.0005)
    limit = raise_nofile()
    needed = args.idle + args.slow + args.clients + 64
    if limit < needed:
        print(f"idle_slow: the open-file limit is {limit}, {needed} are needed; use fewer --idle", file=sys.stderr)
        return 2

    # The server answers before anything is opened.
    try:
        c = socket.create_connection((host, port), timeout=args.timeout)
        c.sendall(decision_request(host, port, path, json.dumps(SITI).encode(), keep_alive=False))
        status, _, body = read_response(c, time.monotonic() + args.timeout)
        c.close()
    except (Lost, OSError) as e:
        print(f"idle_slow: no answer from {args.url}: {e}", file=sys.stderr)
        return 2
    if status != 200:
        print(f"idle_slow: a valid request was answered {status}: {body[:300]!r}", file=sys.stderr)
        return 2

    t0 = time.monotonic()
    idle, failures = open_idle(host, port, args.idle, args.connect_timeout)
    connect_seconds = time.monotonic() - t0
    slow = SlowSenders(host, port, request, args.slow, args.slow_pause)
    slow.start_all()
    time.sleep(args.settle)

    started = time.monotonic()
    latencies, statuses, lost, sent = run_clients(host, port, request, args.requests, args.clients,
                                                  args.timeout, started + args.deadline)
    elapsed = time.monotonic() - started
    idle_open = still_open(idle)
    slow.stop()
    for s in idle:
        s.close()

    ok = statuses.get(200, 0)
    n_lost = sum(lost.values())
    ms = lambda s: s * 1000  # noqa: E731
    print(f"RESULT idle {len(idle)}/{args.idle} slow {len(slow.conns)}/{args.slow} requests {args.requests} "
          f"clients {args.clients} ok {ok} lost {n_lost} unsent {args.requests - sent} "
          f"p50 {ms(percentile(latencies, 0.50)):.2f} ms p99 {ms(percentile(latencies, 0.99)):.2f} ms "
          f"max {ms(latencies[-1] if latencies else float('nan')):.2f} ms statuses {fmt_counts(statuses)} "
          f"elapsed {elapsed:.1f} s")
    print(f"  idle: connected in {connect_seconds:.2f} s, failed {fmt_counts(failures)}, "
          f"still open after measuring {idle_open}/{len(idle)}")
    print(f"  slow senders: {slow.bytes_sent} bytes sent, replaced {slow.replaced} "
          f"(ended by the server: {fmt_counts(slow.answers)}), connect failures {slow.connect_failures}")
    if lost:
        print(f"  lost: {fmt_counts(lost)}")
    failed = ok != args.requests
    if args.max_p99_ms and not (latencies and ms(percentile(latencies, 0.99)) <= args.max_p99_ms):
        print(f"  p99 above {args.max_p99_ms} ms")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
