"""What a service in production needs (issue 12): readiness and a safe start, protocol hygiene,
bearer tokens, rate limits, CORS, TLS and mutual TLS, the access log and trace context."""
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import unittest

import harness
from harness import CILEGON, OLD, ROOT, SITI, Server

DECIDE = f"/v1/policies/{CILEGON}/decisions?as_of=2024-08-01"


def raw_request(method, path, body=b"", headers=""):
    return (f"{method} {path} HTTP/1.1\r\nHost: x\r\n{headers}".encode() + b"\r\n" + body)


class ReadinessTest(unittest.TestCase):
    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_readyz_names_the_policy_that_failed(self):
        self.tmp = harness.policies_copy(small=True)  # with regions/broken.policy
        server = Server(os.path.join(self.tmp, "policies"))
        try:
            r = server.request("GET", "/readyz")
            self.assertEqual(r.status, 503)
            body = r.json()
            self.assertEqual(body["status"], "not-ready")
            self.assertEqual([f["id"] for f in body["failed"]], ["regions/broken"])
            self.assertTrue(any("regions/broken" in reason for reason in body["reasons"]))
            self.assertEqual(server.request("GET", "/healthz").status, 200)  # alive all the same
            self.assertEqual(server.decide(SITI).status, 200)  # the others serve
            os.remove(os.path.join(self.tmp, "policies", "regions", "broken.policy"))
            server.proc.send_signal(signal.SIGHUP)
            self.assertTrue(server.wait_stderr(r"policies loaded \(SIGHUP\)"))
            r = server.request("GET", "/readyz")
            self.assertEqual((r.status, r.json()["status"]), (200, "ready"))
        finally:
            self.assertEqual(server.stop(), 0)

    def test_a_policy_that_crashes_the_checker_costs_only_that_policy(self):
        # Fault injection: `jaring check` aborts on cilegon-2024.policy (in the process that checks it).
        self.tmp = harness.policies_copy(small=True)
        os.remove(os.path.join(self.tmp, "policies", "regions", "broken.policy"))
        server = Server(os.path.join(self.tmp, "policies"), env={"JARING_FAULT_CRASH_CHECK": "cilegon-2024.policy"})
        try:
            r = server.request("GET", "/readyz")
            self.assertEqual(r.status, 503)
            self.assertEqual([f["id"] for f in r.json()["failed"]], [CILEGON])
            self.assertIn("checking this policy crashed", server.stderr())
            ids = [p["id"] for p in server.request("GET", "/v1/policies").json()["policies"]]
            self.assertNotIn(CILEGON, ids)
            self.assertIn("regions/tanah-bumbu-2024", ids)
            server.proc.send_signal(signal.SIGHUP)  # and again on reload
            self.assertTrue(server.wait_stderr(r"policies loaded \(SIGHUP\)"))
            self.assertTrue(server.alive())
            self.assertEqual(server.request("GET", "/healthz").status, 200)
        finally:
            self.assertEqual(server.stop(), 0)

    def test_strict_start_refuses_a_failing_policy(self):
        self.tmp = harness.policies_copy(small=True)
        proc = subprocess.run([harness.JARING, "serve", "--policies", os.path.join(self.tmp, "policies"),
                               "--listen", "127.0.0.1:0", "--strict-start"], capture_output=True, text=True,
                              timeout=120)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("regions/broken", proc.stderr)
        self.assertIn("--strict-start: 1 policy did not load; not starting", proc.stderr)
        self.assertNotIn("listening on", proc.stdout)

    def test_a_copy_of_rules_under_another_name_serves_every_policy(self):
        self.tmp = tempfile.mkdtemp(prefix="jaring-serve-")
        folder = os.path.join(self.tmp, "kebijakan-produksi")
        shutil.copytree(os.path.join(ROOT, "rules"), folder)
        cwd = os.getcwd()
        os.chdir(self.tmp)  # no rules/ folder here or above to fall back on
        try:
            server = Server(folder, "--strict-start")
        finally:
            os.chdir(cwd)
        try:
            ids = [p["id"] for p in server.request("GET", "/v1/policies").json()["policies"]]
            # `.policy` and literate `.policy.md` files, served under the name without the ending.
            files = sorted(re.sub(r"\.policy(\.md)?$", "", os.path.relpath(os.path.join(d, f), folder))
                           for d, _, fs in os.walk(folder) for f in fs if re.search(r"\.policy(\.md)?$", f))
            self.assertIn("regions/yogyakarta-2025", files)
            self.assertIn("national/bpjstk-tests", files)
            self.assertEqual(ids, [f for f in files if not f.endswith("-tests")])  # tests are not served
            r = server.request("GET", "/readyz")
            self.assertEqual((r.status, r.json()["policies"]), (200, len(ids)))
        finally:
            self.assertEqual(server.stop(), 0)

    def test_unwritable_decision_log_makes_the_server_not_ready(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        self.tmp = harness.policies_copy(small=True)
        os.remove(os.path.join(self.tmp, "policies", "regions", "broken.policy"))
        server = Server(os.path.join(self.tmp, "policies"), "--decision-log", "/dev/full")
        try:
            self.assertEqual(server.request("GET", "/readyz").status, 200)
            self.assertEqual(server.decide(SITI).headers.get("jaring-decision-log"), "not-written")
            r = server.request("GET", "/readyz")
            self.assertEqual(r.status, 503)
            self.assertEqual(r.json()["decision_log"], {"writing": False, "write_errors": 1})
            self.assertIn("the decision log cannot be written", r.json()["reasons"])
        finally:
            self.assertEqual(server.stop(), 0)


class ProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = harness.policies_copy(small=True)
        cls.server = Server(os.path.join(cls.tmp, "policies"), "--timeout", "30")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def raw(self, data):
        r = self.server.raw(data)
        self.assertIsNotNone(r)
        self.assertEqual(r.headers["content-type"], "application/problem+json")
        return r

    def test_post_without_content_length_is_answered_at_once(self):
        # No Content-Length and no chunked: the body is empty (RFC 9112), so the answer comes
        # at once (with --timeout 30 a server that waited for a body would answer 408 much later).
        s = self.server.connect()
        s.settimeout(10)
        s.sendall(raw_request("POST", DECIDE, headers="Content-Type: application/json\r\n"))
        r = harness.read_response(s)
        s.close()
        self.assertEqual(r.status, 400)
        self.assertEqual(r.slug(), "malformed-json")

    def test_request_line_over_the_limit_is_414(self):
        r = self.raw(b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(r.status, 414)

    def test_conflicting_content_length_is_400(self):
        r = self.raw(raw_request("POST", DECIDE, b"{}",
                                 "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n"))
        self.assertEqual(r.status, 400)
        self.assertIn("Content-Length", r.json()["detail"])

    def test_content_length_over_the_limit_is_refused_before_the_body(self):
        s = self.server.connect()
        s.sendall(raw_request("POST", DECIDE, headers="Content-Type: application/json\r\n"
                                                      f"Content-Length: {1 << 40}\r\n"))
        r = harness.read_response(s)  # nothing of the body was sent
        s.close()
        self.assertEqual(r.status, 413)

    def test_duplicated_key_in_a_batch_is_422_naming_it(self):
        body = b'[{"nik": "3672010105840001", "name": "A", "name": "B", "role": "ketua_rt",' \
               b' "birth_date": "1984-05-01", "domicile": "36.72"}]'
        r = self.server.request("POST", DECIDE, body, {"Content-Type": "application/json"})
        self.assertEqual(r.status, 422)
        errors = r.json()["errors"]
        self.assertEqual([(e["pointer"], e["field"]) for e in errors], [("/0/name", "name")])
        self.assertIn("more than once", errors[0]["detail"])

    def test_unknown_key_is_422_naming_it(self):
        r = self.server.decide([SITI, dict(OLD, domisili="36.72")])
        self.assertEqual(r.status, 422)
        self.assertEqual([e["pointer"] for e in r.json()["errors"]], ["/1/domisili"])

    def test_batch_over_the_limit_is_refused_while_it_arrives(self):
        # The head and the first 1.001 records only: the answer comes without the rest.
        s = self.server.connect()
        s.settimeout(20)
        start = b"[" + b"{}," * 1001
        s.sendall(raw_request("POST", DECIDE, headers="Content-Type: application/json\r\n"
                                                      f"Content-Length: {len(start) + 1_000_000}\r\n") + start)
        r = harness.read_response(s)
        s.close()
        self.assertEqual((r.status, r.slug()), (413, "batch-too-large"))

    def test_request_id_and_traceparent_are_echoed(self):
        tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        r = self.server.decide(SITI, headers={"X-Request-Id": "portal-42", "traceparent": tp})
        self.assertEqual(r.headers["x-request-id"], "portal-42")
        self.assertEqual(r.headers["traceparent"], tp)
        self.assertNotEqual(r.headers["jaring-request-id"], "portal-42")  # ours stays unique
        r = self.server.request("GET", "/healthz", headers={"X-Request-Id": "bad id with spaces"})
        self.assertNotEqual(r.headers["x-request-id"], "bad id with spaces")
        self.assertNotIn("traceparent", r.headers)

    def test_process_metrics_and_build_info(self):
        text = self.server.request("GET", "/metrics").body.decode()
        samples = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, value = line.rsplit(" ", 1)
                samples[name] = float(value)
        self.assertGreater(samples["process_resident_memory_bytes"], 1 << 20)
        self.assertGreater(samples["process_open_fds"], 2)
        self.assertGreaterEqual(samples["process_max_fds"], samples["process_open_fds"])
        self.assertLess(abs(samples["process_start_time_seconds"] - time.time()), 3600)
        self.assertGreaterEqual(samples["process_cpu_seconds_total"], 0)
        self.assertGreaterEqual(samples["jaring_http_connections_open"], 1)  # this one
        build = [k for k in samples if k.startswith("jaring_build_info{")]
        self.assertEqual(len(build), 1)
        self.assertRegex(build[0], r'^jaring_build_info\{version="\d+\.\d+\.\d+",commit="[0-9a-f]+|unknown"\}$')

    def test_unknown_method_is_501(self):
        r = self.raw(b"BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(r.status, 501)


TOKENS = "# clients of the API\nportal  a3f1c9e07b2d4c68a3f1c9e07b2d4c68\nbappeda 5e2b7d0c9a1f48e35e2b7d0c9a1f48e3\n"


class AccessControlTest(unittest.TestCase):
    def setUp(self):
        self.tmp = harness.policies_copy(small=True)
        self.tokens = os.path.join(self.tmp, "tokens.txt")
        with open(self.tokens, "w") as f:
            f.write(TOKENS)
        self.log = os.path.join(self.tmp, "access.jsonl")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start(self, *args):
        return Server(os.path.join(self.tmp, "policies"), "--access-log", self.log, *args)

    def test_bearer_tokens(self):
        server = self.start("--tokens", self.tokens)
        try:
            self.assertEqual(server.request("GET", "/healthz").status, 200)  # probes need no token
            r = server.decide(SITI)
            self.assertEqual(r.status, 401)
            self.assertIn("Bearer", r.headers["www-authenticate"])
            r = server.decide(SITI, headers={"Authorization": "Bearer a3f1c9e07b2d4c68a3f1c9e07b2d4c6X"})
            self.assertEqual(r.status, 401)
            self.assertIn("invalid_token", r.headers["www-authenticate"])
            self.assertEqual(server.request("GET", "/v1/policies").status, 401)
            r = server.decide(SITI, headers={"Authorization": "Bearer 5e2b7d0c9a1f48e35e2b7d0c9a1f48e3"})
            self.assertEqual(r.status, 200)
            # SIGHUP reads the file again: a revoked token stops working.
            with open(self.tokens, "w") as f:
                f.write("portal a3f1c9e07b2d4c68a3f1c9e07b2d4c68\n")
            server.proc.send_signal(signal.SIGHUP)
            self.assertTrue(server.wait_stderr(r"policies loaded \(SIGHUP\)"))
            r = server.decide(SITI, headers={"Authorization": "Bearer 5e2b7d0c9a1f48e35e2b7d0c9a1f48e3"})
            self.assertEqual(r.status, 401)
        finally:
            self.assertEqual(server.stop(), 0)
        with open(self.log) as f:
            lines = [json.loads(x) for x in f]
        self.assertEqual([x.get("principal") for x in lines if x["status"] == 200 and x["method"] == "POST"],
                         ["bappeda"])

    def test_bad_token_file_stops_the_start(self):
        with open(self.tokens, "w") as f:
            f.write("portal short\n")
        proc = subprocess.run([harness.JARING, "serve", "--policies", os.path.join(self.tmp, "policies"),
                               "--listen", "127.0.0.1:0", "--tokens", self.tokens], capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(f"{self.tokens}:1: the token of `portal` is shorter than 16 characters", proc.stderr)

    def test_bad_serve_flags_stop_the_start(self):
        policies = os.path.join(self.tmp, "policies")
        junk = os.path.join(self.tmp, "not-a-certificate.pem")
        with open(junk, "w") as f:
            f.write("not a certificate\n")
        cases = [
            (["--tls-cert", junk], 2, "--tls-cert and --tls-key go together"),
            (["--tls-client-ca", junk], 2, "--tls-client-ca needs --tls-cert and --tls-key"),
            (["--tls-cert", junk, "--tls-key", junk], 1, f"cannot use the TLS certificate `{junk}`"),
            (["--max-bodies-in-flight", "1MB"], 2, "--max-bodies-in-flight must be at least --max-body"),
            (["--log-level", "loud"], 2, "--log-level"),
            (["--rate-limit", "-1"], 2, "--rate-limit"),
            (["--max-jobs", "0"], 2, "--max-jobs"),
            (["--latency-slice", "100001"], 2, "--latency-slice"),
            (["--latency-slice", "-5"], 2, "--latency-slice"),
            (["--latency-slice", "fast"], 2, "--latency-slice"),
            (["--access-log", os.path.join(self.tmp, "no-such-folder", "access.jsonl")], 1,
             "cannot open the access log"),
        ]
        for args, status, message in cases:
            with self.subTest(args=args):
                proc = subprocess.run([harness.JARING, "serve", "--policies", policies, "--listen", "127.0.0.1:0",
                                       *args], capture_output=True, text=True, timeout=60)
                self.assertEqual(proc.returncode, status, proc.stderr)
                self.assertIn(message, proc.stderr)
                self.assertNotIn("listening on", proc.stdout)

    def test_rate_limit_answers_429_with_retry_after(self):
        server = self.start("--rate-limit", "0.1", "--rate-burst", "2")
        try:
            statuses = [server.decide(SITI).status for _ in range(3)]
            self.assertEqual(statuses, [200, 200, 429])
            r = server.decide(SITI)
            self.assertEqual(r.status, 429)
            self.assertGreaterEqual(int(r.headers["retry-after"]), 1)
            self.assertEqual(server.request("GET", "/healthz").status, 200)  # probes are not limited
        finally:
            self.assertEqual(server.stop(), 0)

    def test_cors_allow_list(self):
        # Repeated, as its help says (a second --cors-origin was refused until stop 42).
        server = self.start("--cors-origin", "https://portal.cilegon.go.id", "--cors-origin", "https://data.cilegon.go.id")
        try:
            ok = {"Origin": "https://portal.cilegon.go.id"}
            r = server.decide(SITI, headers=ok)
            self.assertEqual(r.headers["access-control-allow-origin"], "https://portal.cilegon.go.id")
            r = server.decide(SITI, headers={"Origin": "https://data.cilegon.go.id"})
            self.assertEqual(r.headers["access-control-allow-origin"], "https://data.cilegon.go.id")
            self.assertIn("Jaring-Policy-Hash", r.headers["access-control-expose-headers"])
            r = server.decide(SITI, headers={"Origin": "https://evil.example"})
            self.assertNotIn("access-control-allow-origin", r.headers)
            pre = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
            r = server.request("OPTIONS", DECIDE, headers={**ok, **pre})
            self.assertEqual(r.status, 204)
            self.assertIn("POST", r.headers["access-control-allow-methods"])
            r = server.request("OPTIONS", DECIDE, headers={"Origin": "https://evil.example", **pre}, check=False)
            self.assertEqual(r.status, 403)
        finally:
            self.assertEqual(server.stop(), 0)

    def test_unwritable_access_log_is_said_and_requests_answered(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        server = Server(os.path.join(self.tmp, "policies"), "--access-log", "/dev/full")
        try:
            self.assertEqual(server.decide(SITI).status, 200)
            self.assertEqual(server.decide(SITI).status, 200)
            self.assertTrue(server.wait_stderr(r"cannot write the access log `/dev/full`"))
            self.assertEqual(server.stderr().count("cannot write the access log"), 1)  # said once
        finally:
            self.assertEqual(server.stop(), 0)

    def test_access_log_has_one_line_per_request(self):
        server = self.start()
        tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        try:
            server.decide(SITI, headers={"traceparent": tp, "X-Request-Id": "portal-7"})
            server.request("GET", "/v1/policies/nope")
            server.request("GET", "/healthz")
        finally:
            self.assertEqual(server.stop(), 0)
        with open(self.log) as f:
            lines = [json.loads(x) for x in f]
        mine = [x for x in lines if x["route"] != "/readyz"]
        # A line is written once its response is sent: lines of different connections may
        # come in either order.
        self.assertEqual(sorted((x["method"], x["route"], x["status"]) for x in mine),
                         [("GET", "/healthz", 200), ("GET", "/v1/policies/{id}", 404),
                          ("POST", "/v1/policies/{id}/decisions", 200)])
        first = next(x for x in mine if x["method"] == "POST")
        self.assertEqual((first["policy"], first["client"], first["trace_id"], first["client_request_id"]),
                         (CILEGON, "127.0.0.1", "4bf92f3577b34da6a3ce929d0e0e4736", "portal-7"))
        self.assertGreater(first["bytes_in"], 0)
        self.assertGreater(first["bytes_out"], 0)
        self.assertGreaterEqual(first["latency_ms"], 0)
        self.assertRegex(first["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_pki(folder):
    """A CA, a server certificate for 127.0.0.1 and a client certificate (CN dinsos-client)."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Jaring Test CA", cwd=folder)
    for name, cn, ext in (("server", "127.0.0.1", "subjectAltName=IP:127.0.0.1"),
                          ("client", "dinsos-client", "extendedKeyUsage=clientAuth")):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                "-subj", f"/CN={cn}", cwd=folder)
        with open(os.path.join(folder, f"{name}.ext"), "w") as f:
            f.write(ext + "\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext", cwd=folder)


class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("openssl"):
            raise unittest.SkipTest("no openssl command")
        cls.tmp = harness.policies_copy(small=True)
        cls.pki = os.path.join(cls.tmp, "pki")
        os.makedirs(cls.pki)
        make_pki(cls.pki)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def context(self, client_cert=False):
        ctx = ssl.create_default_context(cafile=os.path.join(self.pki, "ca.pem"))
        if client_cert:
            ctx.load_cert_chain(os.path.join(self.pki, "client.pem"), os.path.join(self.pki, "client.key"))
        return ctx

    def test_https(self):
        server = Server(os.path.join(self.tmp, "policies"), "--tls-cert", os.path.join(self.pki, "server.pem"),
                        "--tls-key", os.path.join(self.pki, "server.key"), tls=self.context())
        try:
            self.assertTrue(server.listening_line.startswith("listening on https://"))
            self.assertEqual(server.decide(SITI).status, 200)
            # Plain HTTP on the TLS port gets no answer in clear text.
            self.assertIsNone(server.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
        finally:
            self.assertEqual(server.stop(), 0)

    def test_mutual_tls_needs_a_client_certificate(self):
        log = os.path.join(self.tmp, "tls-access.jsonl")
        server = Server(os.path.join(self.tmp, "policies"), "--tls-cert", os.path.join(self.pki, "server.pem"),
                        "--tls-key", os.path.join(self.pki, "server.key"), "--tls-client-ca",
                        os.path.join(self.pki, "ca.pem"), "--access-log", log, tls=self.context(client_cert=True))
        try:
            self.assertEqual(server.decide(SITI).status, 200)
            server.tls = self.context(client_cert=False)
            with self.assertRaises((ssl.SSLError, ConnectionResetError, BrokenPipeError)):
                server.request("GET", "/healthz")
        finally:
            self.assertEqual(server.stop(), 0)
        with open(log) as f:
            posts = [json.loads(x) for x in f if '"POST"' in x]
        self.assertEqual([x.get("principal") for x in posts], ["cert:dinsos-client"])
