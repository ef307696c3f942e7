"""Malformed and hostile requests never crash the server: each gets a problem (or the
connection is closed), and afterwards a normal request still succeeds."""
import os
import shutil
import socket
import time
import unittest

import harness
from harness import CILEGON, SITI, Server, http_request_bytes as req

DECIDE = f"/v1/policies/{CILEGON}/decisions?as_of=2024-08-01"


def chunked(method, path, chunks, content_type="application/json"):
    head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
    return head.encode() + chunks


# (name, raw request bytes, expected status; None = any 4xx or the connection closed)
def hostile_cases():
    big_chunks = b"".join(b"%x\r\n%s\r\n" % (1 << 20, b"[" * (1 << 20)) for _ in range(11)) + b"0\r\n\r\n"
    return [
        ("truncated JSON", req("POST", DECIDE, b'{"nik": "3672010105'), 400),
        ("wrong types", req("POST", DECIDE, b'{"nik": 3672010105840001, "birth_date": 19840501, "role": [1],'
                                            b' "domicile": {"a": 1}, "name": false, "registered_pu": "maybe"}'), 422),
        ("huge number", req("POST", DECIDE, b'{"nik": 1e999999}'), 400),
        ("huge integer", req("POST", DECIDE, b'{"nik": "3672010105840001", "name": "A", "role": "ketua_rt",'
                                             b' "birth_date": "1984-05-01", "domicile": "36.72", "kcm_roster": '
                                             + b"9" * 30 + b"}"), 422),
        ("integer beyond a double", req("POST", DECIDE, b'{"kcm_roster": ' + b"9" * 400 + b"}"), 400),
        ("deep nesting of arrays", req("POST", DECIDE, b"[" * 100_000), 400),
        ("deep nesting in a record", req("POST", DECIDE, b'{"name":' * 100_000), 400),
        ("invalid UTF-8 in JSON", req("POST", DECIDE, b'{"nik": "3672010105840001", "name": "\xff\xfe\xc3("}'), 400),
        ("lone surrogate escape", req("POST", DECIDE, b'{"name": "\\ud800"}'), 400),
        ("NUL byte in JSON", req("POST", DECIDE, b'{"name": "a\x00b"}'), 400),
        ("invalid UTF-8 in the path", b"GET /v1/policies/\xff\xfe%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n", 404),
        ("no content type", req("POST", DECIDE, b'{"nik": "1"}', content_type=None), 415),
        ("wrong content type", req("POST", DECIDE, b"<xml/>", content_type="application/xml"), 415),
        ("wrong method", req("PUT", DECIDE, b"{}"), 405),
        ("unknown policy", req("POST", "/v1/policies/../../etc/passwd/decisions?as_of=2024-08-01", b"{}"), 404),
        ("huge header line", req("GET", "/healthz", content_type=None, extra="X-Big: " + "a" * 100_000 + "\r\n"), 431),
        ("too many headers", req("GET", "/healthz", content_type=None,
                                 extra="".join(f"X-H{i}: v\r\n" for i in range(20_000))), 431),
        ("huge URI", req("GET", "/" + "a" * 20_000, content_type=None), 414),
        ("garbage request line", b"\x00\x01\x02 garbage\r\n\r\n", 400),
        ("unknown method", b"BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("TRACE", b"TRACE /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        ("null body", req("POST", DECIDE, b"null"), 422),
        ("array of non-records", req("POST", DECIDE, b'[1, "a", null]'), 422),
        ("empty body", req("POST", DECIDE, b""), 400),
        ("bad chunk size", chunked("POST", DECIDE, b"zz\r\n{}\r\n0\r\n\r\n"), 400),
        ("chunked body over the limit", chunked("POST", DECIDE, big_chunks), 413),
        ("as_of with a NUL", req("POST", f"/v1/policies/{CILEGON}/decisions?as_of=2024-08-01%00", b"{}"), 400),
        ("as_of far away", req("POST", f"/v1/policies/{CILEGON}/decisions?as_of=99999-01-01", b"{}"), 400),
        ("negative Content-Length", b"POST " + DECIDE.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                                    b"Content-Type: application/json\r\nContent-Length: -5\r\n\r\n{}", None),
        ("Content-Length and chunked", b"POST " + DECIDE.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                                       b"Content-Type: application/json\r\nContent-Length: 4\r\n"
                                       b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", None),
        ("HTTP/0.9 request", b"GET /\r\n\r\n", None),
        ("batch over the limit", req("POST", DECIDE, b"[" + b",".join([b"{}"] * 1001) + b"]"), 413),
    ]


class HostileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = harness.policies_copy(small=True)
        cls.server = Server(os.path.join(cls.tmp, "policies"), "--timeout", "2")

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        assert status == 0, f"the server exited with {status}:\n{cls.server.stderr()[-4000:]}"
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def assert_still_serving(self):
        self.assertTrue(self.server.alive(), self.server.stderr())
        r = self.server.decide(SITI)
        self.assertEqual((r.status, r.json()["status"]), (200, "eligible"))

    def test_hostile_requests(self):
        cases = hostile_cases()
        self.assertGreaterEqual(len(cases), 20)
        for name, data, expected in cases:
            with self.subTest(name):
                first_line = data.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
                method, path = (first_line[0], first_line[1]) if len(first_line) == 3 else (None, None)
                r = self.server.raw(data, method, path)
                if expected is None:
                    self.assertTrue(r is None or 400 <= r.status < 500, r and r.status)
                else:
                    self.assertIsNotNone(r, "no response")
                    self.assertEqual(r.status, expected, r.body[:300])
                    self.assertEqual(r.headers["content-type"], "application/problem+json")
        self.assert_still_serving()

    def test_100_megabyte_body(self):
        s = self.server.connect()
        body_size = 100 * 1024 * 1024
        s.sendall(req("POST", DECIDE, b"")[:-len("Content-Length: 0\r\n\r\n")]
                  + f"Content-Length: {body_size}\r\n\r\n".encode())
        block = b"[" * (1 << 20)
        try:
            for _ in range(100):
                s.sendall(block)
        except (BrokenPipeError, ConnectionResetError):
            pass
        r = harness.read_response(s)
        s.close()
        self.assertEqual(r.status, 413)
        self.assert_still_serving()

    def test_body_shorter_than_content_length(self):
        r = self.server.raw(req("POST", DECIDE, b'{"nik": "1"}')[:-4], half_close=True)
        self.assertTrue(r is None or r.status == 400)
        self.assert_still_serving()

    def test_stalled_body_times_out(self):
        s = self.server.connect()
        s.sendall(req("POST", DECIDE, b'{"nik": "3672010105840001"}')[:-10])
        started = time.time()
        r = harness.read_response(s)  # the server waits --timeout (2 s) for the rest
        s.close()
        self.assertEqual(r.status, 408)
        self.assertGreater(time.time() - started, 1.5)
        self.assert_still_serving()

    def test_slow_headers_time_out(self):
        s = self.server.connect()
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        started = time.time()
        for _ in range(8):  # a header every 0.5 s: each read is in time, all of them are not
            time.sleep(0.5)
            try:
                s.sendall(b"X-Slow: 1\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
        r = harness.read_response(s)
        s.close()
        self.assertTrue(r is None or r.status == 408, r and r.status)
        self.assertLess(time.time() - started, 10)
        self.assert_still_serving()

    def test_idle_keep_alive_closes_on_time(self):
        """After a response, an idle connection is closed after --keep-alive: not at the request's
        --timeout, which the connection's deadline was last set to, and not never."""
        server = Server(os.path.join(self.tmp, "policies"), "--timeout", "3", "--keep-alive", "1")
        try:
            for _ in range(2):  # the second connection: its deadlines after another's
                s = server.connect()
                s.sendall(req("POST", DECIDE, b'{"nik": "3672010105840001"}'))
                r = harness.read_response(s)
                self.assertIsNotNone(r)
                started = time.time()
                self.assertEqual(s.recv(1), b"")  # the server's close
                elapsed = time.time() - started
                s.close()
                self.assertGreater(elapsed, 0.8)
                self.assertLess(elapsed, 2.5)
        finally:
            self.assertEqual(server.stop(), 0)

    def test_idle_connection_does_not_block_others(self):
        idle = [self.server.connect() for _ in range(4)]
        try:
            self.assert_still_serving()
        finally:
            for s in idle:
                s.close()

    def test_client_disconnects_mid_request(self):
        for cut in (10, 60, 200):
            s = socket.create_connection(("127.0.0.1", self.server.port))
            s.sendall(req("POST", DECIDE, b'{"nik": "3672010105840001"}' * 5)[:cut])
            s.close()
        self.assert_still_serving()
