"""Issue 12 in the shape of its acceptance criteria, scaled down (examples/api/stress/ has the
full-size measurements): valid requests are answered while 2.000 idle connections and 50 slow
senders are open; 16 concurrent bodies over the limits are all refused, the server's memory
stays bounded and comes back down, and it still answers afterwards.

No latency is asserted: the per-request socket timeout (REQUEST_TIMEOUT) is a liveness bound.
Memory is asserted unless the server is a sanitizer build (JARING_SANITIZED set, or ASan
found in the executable), whose memory use is inflated. Every socket has a timeout, and a lost
request ends the test at once, so a server that cannot keep up fails rather than hangs.
"""
import json
import mmap
import os
import resource
import selectors
import shutil
import socket
import threading
import time
import unittest

import harness
from harness import CILEGON, SITI, Server, http_request_bytes as req

DECIDE = f"/v1/policies/{CILEGON}/decisions?as_of=2024-08-01"
IDLE = 2000
SLOW = 50
REQUESTS = 200
CLIENTS = 8
REQUEST_TIMEOUT = 20  # seconds; a liveness bound, not a latency check
CONNECT_DEADLINE = 30  # seconds to open all the idle connections
BODIES = 16
MAX_BODY = 10 * 1024 * 1024  # the server's default --max-body
MAX_BATCH = 1000  # and --max-batch
PEAK_MIB = 300
SETTLED_MIB = 100
SETTLE_SECONDS = 10


def sanitized():
    if os.environ.get("JARING_SANITIZED"):
        return True
    try:
        with open(harness.JARING, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            return m.find(b"__asan_init") >= 0
    except (OSError, ValueError):
        return False


def raise_own_open_files(needed):
    """Raises this process's soft RLIMIT_NOFILE to the hard limit; whether `needed` fit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft == resource.RLIM_INFINITY or soft >= needed


def rss_kib(pid, field="VmRSS"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class RssSampler(threading.Thread):
    """The server's VmRSS every 50 ms, in KiB."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.samples = []
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            kib = rss_kib(self.pid)
            if kib is None:
                return
            self.samples.append(kib)
            self.done.wait(0.05)

    def stop(self):
        self.done.set()
        self.join(5)


class SlowSenders(threading.Thread):
    """Connections sending a valid request one byte every 0.2 s."""

    def __init__(self, port, n):
        super().__init__(daemon=True)
        self.request = req("POST", DECIDE, json.dumps(SITI).encode())
        self.conns = [[socket.create_connection(("127.0.0.1", port), timeout=5), 0] for _ in range(n)]
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            for conn in self.conns:
                s, sent = conn
                if s is None or sent >= len(self.request):
                    continue
                try:
                    s.send(self.request[sent:sent + 1])
                    conn[1] += 1
                except OSError:  # closed by the server (a 408, say): not this test's concern
                    conn[0] = None
                    s.close()
            self.done.wait(0.2)

    def stop(self):
        self.done.set()
        self.join(5)
        for s, _ in self.conns:
            if s is not None:
                s.close()


class IdleAndSlowConnectionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not raise_own_open_files(IDLE + SLOW + CLIENTS + 200):
            raise unittest.SkipTest(f"the open-file hard limit is below {IDLE + SLOW + CLIENTS + 200}")
        cls.tmp = harness.policies_copy(small=True)
        cls.server = Server(os.path.join(cls.tmp, "policies"), nofile=IDLE + SLOW + 1000)

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        assert status == 0, f"the server exited with {status}:\n{cls.server.stderr()[-4000:]}"
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def open_idle(self):
        """IDLE connections, connecting 200 at a time, within CONNECT_DEADLINE."""
        idle, failed = [], []
        deadline = time.time() + CONNECT_DEADLINE
        with selectors.DefaultSelector() as sel:
            try:
                while len(idle) < IDLE and not failed and time.time() < deadline:
                    for _ in range(min(200, IDLE - len(idle))):
                        s = socket.socket()
                        s.setblocking(False)
                        s.connect_ex(("127.0.0.1", self.server.port))
                        sel.register(s, selectors.EVENT_WRITE)
                    while sel.get_map() and time.time() < deadline:
                        for key, _ in sel.select(max(0.0, deadline - time.time())):
                            sel.unregister(key.fileobj)
                            error = key.fileobj.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                            (failed if error else idle).append(key.fileobj)
            except BaseException:
                for s in idle:
                    s.close()
                raise
            finally:
                pending = [key.fileobj for key in sel.get_map().values()]
                for s in pending:
                    sel.unregister(s)
                for s in pending + failed:
                    s.close()
        if len(idle) < IDLE:
            for s in idle:
                s.close()
            self.fail(f"{len(idle)} of {IDLE} idle connections opened in {CONNECT_DEADLINE} s "
                      f"({len(failed)} refused)")
        for s in idle:
            s.settimeout(REQUEST_TIMEOUT)
        return idle

    def send_requests(self):
        """REQUESTS valid requests over CLIENTS keep-alive connections, one after another on
        each; stops at the first one lost. Returns ([Response], [what was lost])."""
        lock = threading.Lock()
        state = {"next": 0}
        answers, lost = [], []
        body = req("POST", DECIDE, json.dumps(SITI).encode())

        def client():
            conn = None
            while True:
                with lock:
                    if state["next"] >= REQUESTS or lost:
                        break
                    state["next"] += 1
                try:
                    if conn is None:
                        conn = socket.create_connection(("127.0.0.1", self.server.port), timeout=REQUEST_TIMEOUT)
                    conn.sendall(body)
                    r = harness.read_response(conn)
                except OSError as e:
                    r, error = None, repr(e)
                else:
                    error = "no answer within %s s, or the connection closed" % REQUEST_TIMEOUT
                with lock:
                    (answers if r is not None else lost).append(r if r is not None else error)
                if r is None or r.headers.get("connection", "").lower() == "close":
                    if conn is not None:
                        conn.close()
                    conn = None
            if conn is not None:
                conn.close()

        threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(2 * REQUEST_TIMEOUT + 10)
        return answers, lost

    def test_requests_answered_beside_idle_and_slow_connections(self):
        idle = self.open_idle()
        slow = None
        try:
            slow = SlowSenders(self.server.port, SLOW)
            slow.start()
            time.sleep(0.5)
            answers, lost = self.send_requests()
            self.assertEqual(len(lost), 0, f"{len(lost)} lost ({lost[:1]}), {len(answers)} answered")
            self.assertEqual(len(answers), REQUESTS)
            self.assertEqual([r.status for r in answers if r.status != 200], [])
            for r in answers:
                self.server.check("POST", DECIDE, r)
                self.assertEqual(r.json()["status"], "eligible")
        finally:
            if slow is not None:
                slow.stop()
            for s in idle:
                s.close()
        self.assertTrue(self.server.alive(), self.server.stderr())
        r = self.server.decide(SITI)
        self.assertEqual((r.status, r.json()["status"]), (200, "eligible"))


def array_body(size):
    """Exactly `size` bytes: a JSON array of empty objects `[{},{},...]`, padded with spaces."""
    k = (size - 1) // 3
    body = b"[" + b"{}," * (k - 1) + b"{}" + b" " * (size - (3 * k + 1)) + b"]"
    assert len(body) == size
    return body


class BigBodiesTest(unittest.TestCase):
    """A server per test, so that its peak memory (VmHWM) is the test's."""

    def setUp(self):
        self.tmp = harness.policies_copy(small=True)
        self.server = Server(os.path.join(self.tmp, "policies"))

    def tearDown(self):
        status = self.server.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.assertEqual(status, 0, self.server.stderr()[-4000:])

    def send_concurrently(self, body):
        """BODIES requests with `body`, sent at once (each streamed in 256 KiB blocks; sending
        may fail once the server has answered); returns their Responses (None: no answer)."""
        head = req("POST", DECIDE, b"")[:-len(b"Content-Length: 0\r\n\r\n")] + b"Content-Length: %d\r\n\r\n" % len(body)
        barrier = threading.Barrier(BODIES)
        answers = [None] * BODIES

        def send(i):
            try:
                s = socket.create_connection(("127.0.0.1", self.server.port), timeout=60)
            except OSError:
                barrier.abort()
                return
            try:
                try:
                    barrier.wait(30)
                except threading.BrokenBarrierError:
                    pass
                view = memoryview(body)
                try:
                    s.sendall(head)
                    for at in range(0, len(body), 256 * 1024):
                        s.sendall(view[at:at + 256 * 1024])
                except (BrokenPipeError, ConnectionResetError):
                    pass  # refused before the whole body was sent: the answer may still be there
                except socket.timeout:
                    return
                answers[i] = harness.read_response(s)
            finally:
                s.close()

        threads = [threading.Thread(target=send, args=(i,), daemon=True) for i in range(BODIES)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(150)
        return answers

    def assert_refused_with_bounded_memory(self, body, slug):
        sampler = RssSampler(self.server.proc.pid)
        sampler.start()
        try:
            answers = self.send_concurrently(body)
            # Back down: sample until under SETTLED_MIB, for at most SETTLE_SECONDS.
            deadline = time.time() + SETTLE_SECONDS
            while time.time() < deadline and not (sampler.samples and sampler.samples[-1] <= SETTLED_MIB * 1024):
                time.sleep(0.05)
        finally:
            sampler.stop()
        hwm = rss_kib(self.server.proc.pid, "VmHWM") or 0
        self.assertTrue(self.server.alive(), self.server.stderr()[-4000:])
        self.assertEqual(sum(r is None for r in answers), 0, "requests without an answer")
        for r in answers:
            self.server.check("POST", DECIDE, r)
            self.assertEqual((r.status, r.slug()), (413, slug))
        peak_mib = max(max(sampler.samples, default=0), hwm) / 1024
        last_mib = sampler.samples[-1] / 1024 if sampler.samples else 0
        if not sanitized():
            self.assertLessEqual(peak_mib, PEAK_MIB, f"peak RSS {peak_mib:.1f} MiB")
            self.assertLessEqual(last_mib, SETTLED_MIB, f"RSS {last_mib:.1f} MiB {SETTLE_SECONDS} s after the answers")
        r = self.server.decide(SITI)
        self.assertEqual((r.status, r.json()["status"]), (200, "eligible"))

    def test_bodies_over_the_body_limit(self):
        self.assert_refused_with_bounded_memory(array_body(MAX_BODY + 64 * 1024), "body-too-large")

    def test_bodies_at_the_body_limit_over_the_batch_limit(self):
        body = array_body(MAX_BODY)  # about 3.5 million records
        self.assertGreater(body.count(b"{}"), MAX_BATCH)
        self.assert_refused_with_bounded_memory(body, "batch-too-large")
