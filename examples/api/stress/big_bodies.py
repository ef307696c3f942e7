#!/usr/bin/env python3
"""Memory of the server under concurrent oversized bodies (issue 12 (b)).

Sends K concurrent decision requests with large bodies, each a JSON array of empty records
`[{},{},...]` streamed in blocks with a truthful Content-Length, and samples the server's
resident memory (VmRSS in /proc/PID/status) every --interval seconds, during the requests and
for --settle seconds after the last answer. Two variants:

  over   bodies of --max-body + --over-by bytes: refused 413 (body-too-large);
  batch  bodies of exactly --max-body bytes, about --max-body/3 records, far more than the
         server's --max-batch: refused 413 (batch-too-large), or 422, as the server gives.

The server may answer 413 and close before a body is fully sent: a broken pipe or reset
while sending counts as "refused early" and the answer is still read. One line per variant:

    RESULT over: 16 x 10551296 bytes (3517098 records)  answers 413 body-too-large:16  early 0
           no-answer 0  peak 38.2 MiB (during 38.2, VmHWM 40.1)  after 10 s 31.0 MiB
           under 100 MiB after 0.05 s  before 12.1 MiB  answered in 0.22 s      (one line)

Exits 1 if a body was not refused (an answer other than 413/422, or none), or if a peak is
above --max-peak-mib or the memory is not back under --max-settled-mib within --settle
seconds (0 turns either check off); 2 on bad usage or if the server cannot be reached.

    python3 examples/api/stress/big_bodies.py --pid $(pgrep -n jaring) --url http://127.0.0.1:8080

Standard library only (Linux: reads /proc).
"""
import argparse
import errno
import json
import socket
import sys
import threading
import time
import urllib.parse

MIB = 1024 * 1024


def rss_kib(pid, field="VmRSS"):
    """The field of /proc/PID/status in KiB, or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


class Sampler(threading.Thread):
    """Samples VmRSS every `interval` seconds: [(monotonic time, KiB)]."""

    def __init__(self, pid, interval):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples = []
        self.stop_event = threading.Event()

    def run(self):
        while not self.stop_event.is_set():
            kib = rss_kib(self.pid)
            if kib is None:
                break
            self.samples.append((time.monotonic(), kib))
            self.stop_event.wait(self.interval)

    def stop(self):
        self.stop_event.set()
        self.join(5)


def array_body(size):
    """Exactly `size` bytes (size >= 3): a JSON array of empty objects, padded with spaces."""
    k = max(1, (size - 1) // 3)
    body = b"[" + b"{}," * (k - 1) + b"{}" + b" " * (size - (3 * k + 1)) + b"]"
    assert len(body) == size, (len(body), size)
    return body, k


def request_head(host, port, path, length):
    return (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def read_response(sock, deadline):
    """(status, headers, body) of one response, or None if the connection ended or the
    deadline passed first."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            sock.settimeout(max(0.001, deadline - time.monotonic()))
            chunk = sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {k.strip().lower(): v.strip() for k, v in (x.split(":", 1) for x in lines[1:] if ":" in x)}
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            sock.settimeout(max(0.001, deadline - time.monotonic()))
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return status, headers, body[:length]
    except (OSError, ValueError, IndexError):
        return None


def send_big(addr, head, body, timeout, block, barrier, out):
    """One request: connect, wait for the others, stream the body, read the answer."""
    result = {"status": None, "slug": "", "early": False, "error": "", "sent": 0, "seconds": 0.0}
    out.append(result)
    try:
        s = socket.create_connection(addr, timeout=timeout)
    except OSError as e:
        result["error"] = "connect: " + errno.errorcode.get(e.errno, str(e))
        barrier.abort()
        return
    try:
        barrier.wait(timeout)
    except threading.BrokenBarrierError:
        pass
    started = time.monotonic()
    deadline = started + timeout
    try:
        s.settimeout(timeout)
        s.sendall(head)
        view = memoryview(body)
        for i in range(0, len(body), block):
            s.settimeout(max(0.001, deadline - time.monotonic()))
            s.sendall(view[i:i + block])
            result["sent"] = i + len(view[i:i + block])
    except (BrokenPipeError, ConnectionResetError):
        result["early"] = True  # refused before the whole body was sent
    except socket.timeout:
        result["error"] = "send timeout"
    except OSError as e:
        result["early"] = True
        result["error"] = errno.errorcode.get(e.errno, str(e))
    response = read_response(s, deadline)
    result["seconds"] = time.monotonic() - started
    s.close()
    if response is None:
        result["error"] = result["error"] or "no answer"
        return
    status, headers, payload = response
    result["status"] = status
    try:
        result["slug"] = json.loads(payload)["type"].rsplit("/", 1)[-1]
    except (ValueError, KeyError, TypeError, AttributeError):
        result["slug"] = "?"


def run_variant(name, args, addr, path, body, records):
    head = request_head(addr[0], addr[1], path, len(body))
    sampler = Sampler(args.pid, args.interval)
    sampler.start()
    time.sleep(max(args.interval * 2, 0.2))  # a baseline
    results = []
    barrier = threading.Barrier(args.count)
    threads = [threading.Thread(target=send_big, daemon=True,
                                args=(addr, head, body, args.timeout, args.block, barrier, results))
               for _ in range(args.count)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.timeout + 30)
    done = time.monotonic()
    # After the last answer: until --settle seconds have passed (sampling goes on).
    while time.monotonic() < done + args.settle and sampler.is_alive():
        time.sleep(args.interval)
    sampler.stop()
    hwm = rss_kib(args.pid, "VmHWM")

    samples = sampler.samples
    before = [kib for t, kib in samples if t < t0] or [samples[0][1] if samples else 0]
    during = [kib for t, kib in samples if t0 <= t <= done] or [0]
    after = [(t, kib) for t, kib in samples if t > done]
    peak = max([kib for _, kib in samples] or [0])
    settled_at = next((t - done for t, kib in after if kib <= args.max_settled_mib * 1024), None) \
        if args.max_settled_mib else None
    final = after[-1][1] if after else (samples[-1][1] if samples else 0)

    answers = {}
    for r in results:
        key = f"{r['status']} {r['slug']}" if r["status"] else f"none({r['error']})"
        answers[key] = answers.get(key, 0) + 1
    early = sum(1 for r in results if r["early"])
    unanswered = sum(1 for r in results if r["status"] is None)
    slowest = max((r["seconds"] for r in results), default=0)
    mib = lambda kib: kib / 1024  # noqa: E731
    settled = "n/a" if not args.max_settled_mib else \
        (f"{settled_at:.2f} s" if settled_at is not None else f"not within {args.settle:g} s")
    print(f"RESULT {name}: {args.count} x {len(body)} bytes ({records} records)  "
          f"answers {', '.join(f'{k}:{v}' for k, v in sorted(answers.items()))}  early {early}  "
          f"no-answer {unanswered}  peak {mib(peak):.1f} MiB (during {mib(max(during)):.1f}, VmHWM "
          f"{mib(hwm or 0):.1f})  after {args.settle:g} s {mib(final):.1f} MiB  "
          f"under {args.max_settled_mib:g} MiB after {settled}  before {mib(max(before)):.1f} MiB  "
          f"answered in {slowest:.2f} s", flush=True)
    if rss_kib(args.pid) is None:
        print(f"  the server (pid {args.pid}) is gone", flush=True)
    failed = []
    if any(r["status"] not in (413, 422) for r in results):
        failed.append("a body was not refused with 413/422")
    if args.max_peak_mib and mib(peak) > args.max_peak_mib:
        failed.append(f"peak above {args.max_peak_mib:g} MiB")
    if args.max_settled_mib and settled_at is None:
        failed.append(f"not under {args.max_settled_mib:g} MiB within {args.settle:g} s")
    if failed:
        print(f"  {name}: " + "; ".join(failed), flush=True)
    return not failed


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pid", type=int, required=True, help="the server's process id (its memory is sampled)")
    p.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8080")
    p.add_argument("--policy", default="regions/cilegon-2024")
    p.add_argument("--as-of", default="2024-08-01")
    p.add_argument("--count", type=int, default=16, help="concurrent requests (default 16)")
    p.add_argument("--variant", choices=["over", "batch", "both"], default="both")
    p.add_argument("--max-body", type=int, default=10 * MIB, help="the server's --max-body in bytes (10485760)")
    p.add_argument("--over-by", type=int, default=64 * 1024, help="bytes over --max-body in `over` (65536)")
    p.add_argument("--block", type=int, default=256 * 1024, help="bytes per send (262144)")
    p.add_argument("--timeout", type=float, default=60, help="seconds for each request (60)")
    p.add_argument("--interval", type=float, default=0.05, help="seconds between memory samples (0.05)")
    p.add_argument("--settle", type=float, default=10, help="seconds of sampling after the last answer (10)")
    p.add_argument("--max-peak-mib", type=float, default=300, help="fail above this peak RSS (300; 0: no check)")
    p.add_argument("--max-settled-mib", type=float, default=100,
                   help="fail unless RSS is back under this within --settle (100; 0: no check)")
    args = p.parse_args()

    url = urllib.parse.urlsplit(args.url)
    addr = (url.hostname or "127.0.0.1", url.port or 80)
    path = f"{url.path.rstrip('/')}/v1/policies/{args.policy}/decisions?as_of={args.as_of}"
    if rss_kib(args.pid) is None:
        print(f"big_bodies: cannot read /proc/{args.pid}/status", file=sys.stderr)
        return 2
    try:
        socket.create_connection(addr, timeout=5).close()
    except OSError as e:
        print(f"big_bodies: cannot connect to {args.url}: {e}", file=sys.stderr)
        return 2

    ok = True
    if args.variant in ("over", "both"):
        body, records = array_body(args.max_body + args.over_by)
        ok = run_variant("over", args, addr, path, body, records) and ok
        del body
    if args.variant in ("batch", "both"):
        body, records = array_body(args.max_body)
        ok = run_variant("batch", args, addr, path, body, records) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
