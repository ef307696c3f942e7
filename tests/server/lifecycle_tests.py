"""Reloading (admin endpoint and SIGHUP), snapshots for requests in flight, graceful shutdown,
and reproducing the decision log with `jaring eval`."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import harness
from harness import CILEGON, OLD, SITI, BUDI_PU, Server, http_request_bytes

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LABEL = '"Ketua RT dan Ketua RW"'
DECIDE = f"/v1/policies/{CILEGON}/decisions?as_of=2024-08-01"


def edit(path, old, new):
    with open(path) as f:
        text = f.read()
    assert old in text, (old, path)
    with open(path, "w") as f:
        f.write(text.replace(old, new, 1))


def partial_request(server, records):
    """Opens a connection and sends the headers and half the body of a batch request; returns
    once the server is handling it (it has taken its policy snapshot)."""
    body = json.dumps(records).encode()
    data = http_request_bytes("POST", DECIDE, body)
    s = server.connect()
    half = len(data) - len(body) // 2
    s.sendall(data[:half])
    deadline = time.time() + 30
    while metric(server, "jaring_decision_requests_in_flight") != 1:
        assert time.time() < deadline, "the server did not start handling the request"
        time.sleep(0.02)
    return s, data[half:]


def metric(server, name):
    for line in server.request("GET", "/metrics").body.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split(" ")[1])
    return None


class ReloadTest(unittest.TestCase):
    def setUp(self):
        self.tmp = harness.policies_copy(small=True)
        self.dir = os.path.join(self.tmp, "policies")
        self.file = os.path.join(self.dir, "regions", "cilegon-2024.policy")
        self.server = Server(self.dir, token=TOKEN)

    def tearDown(self):
        self.assertEqual(self.server.stop(), 0)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def hash(self):
        return self.server.request("GET", f"/v1/policies/{CILEGON}").json()["hash"]

    def reload(self, headers=AUTH):
        return self.server.request("POST", "/v1/admin/reload", "", headers)

    def test_admin_token_required(self):
        self.assertEqual(self.reload({}).status, 401)
        self.assertEqual(self.reload({"Authorization": "Bearer wrong"}).status, 401)
        self.assertEqual(self.reload({"Authorization": TOKEN}).status, 401)
        self.assertEqual(self.reload().status, 422)  # broken.policy in the copy still fails

    def test_reload_good_policy(self):
        os.remove(os.path.join(self.dir, "regions", "broken.policy"))
        before = self.hash()
        edit(self.file, LABEL, '"Ketua RT dan Ketua RW Kota Cilegon"')
        r = self.reload()
        self.assertEqual(r.status, 200, r.body)
        report = r.json()
        self.assertIn(CILEGON, report["updated"])
        self.assertEqual(report["removed"], [])
        self.assertEqual(report["failed"], [])
        self.assertNotEqual(self.hash(), before)
        decision = self.server.decide(SITI).json()
        self.assertEqual(decision["group"]["label"], "Ketua RT dan Ketua RW Kota Cilegon")
        self.assertEqual(decision["policy"]["hash"], self.hash())
        self.assertEqual(metric(self.server, 'jaring_reloads_total{result="ok"}'), 1)

    def test_reload_broken_policy_keeps_old_version(self):
        before = self.hash()
        with open(self.file, "a") as f:
            f.write("\nthis is not a declaration\n")
        r = self.reload()
        self.assertEqual((r.status, r.slug()), (422, "reload-failed"))
        failed = {f["id"]: f for f in r.json()["failed"]}
        self.assertTrue(failed[CILEGON]["kept_previous"])
        self.assertIn("cilegon-2024.policy", failed[CILEGON]["diagnostics"])
        self.assertFalse(failed["regions/broken"]["kept_previous"])
        self.assertIn(CILEGON, r.json()["policies"])
        self.assertEqual(self.hash(), before)
        self.assertEqual(self.server.decide(SITI).json()["policy"]["hash"], before)
        self.assertTrue(self.server.wait_stderr(r"cilegon-2024\.policy` does not check; the previous version keeps serving"))
        self.assertEqual(metric(self.server, 'jaring_reloads_total{result="failed"}'), 2)
        self.assertEqual(metric(self.server, f'jaring_policy_load_failed{{policy="{CILEGON}"}}'), 1)

    def test_reload_adds_and_removes(self):
        shutil.copy(self.file, os.path.join(self.dir, "regions", "copy.policy"))
        os.remove(os.path.join(self.dir, "regions", "tanah-bumbu-2024.policy"))
        report = json.loads(self.reload().body)
        self.assertEqual(report["added"], ["regions/copy"])
        self.assertEqual(report["removed"], ["regions/tanah-bumbu-2024"])
        self.assertEqual(self.server.decide(SITI, policy="regions/copy").status, 200)
        self.assertEqual(self.server.decide(SITI, policy="regions/tanah-bumbu-2024").status, 404)

    def test_sighup_reloads(self):
        before = self.hash()
        edit(self.file, LABEL, '"Ketua RT/RW"')
        self.server.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 20
        while self.hash() == before and time.time() < deadline:
            time.sleep(0.05)
        self.assertNotEqual(self.hash(), before)
        self.assertTrue(self.server.wait_stderr(r"policies loaded \(SIGHUP\)"))

    def test_request_in_flight_keeps_its_snapshot(self):
        before = self.hash()
        s, rest = partial_request(self.server, [SITI] * 1000)
        edit(self.file, LABEL, '"Ketua RT dan RW"')
        self.assertEqual(self.reload().status, 422)  # updated; broken.policy still fails
        self.assertNotEqual(self.hash(), before)
        s.sendall(rest)
        r = harness.read_response(s)
        s.close()
        self.assertEqual(r.status, 200)
        self.assertEqual({d["policy"]["hash"] for d in r.json()}, {before})
        self.assertEqual(self.server.decide(SITI).json()["policy"]["hash"], self.hash())


class AdminDisabledTest(unittest.TestCase):
    def test_reload_endpoint_disabled_without_token(self):
        tmp = harness.policies_copy(small=True)
        server = Server(os.path.join(tmp, "policies"))
        try:
            r = server.request("POST", "/v1/admin/reload", "", {"Authorization": "Bearer anything"})
            self.assertEqual(r.status, 404)
            # A second server cannot take the same port (no SO_REUSEPORT sharing).
            second = subprocess.run([harness.JARING, "serve", "--policies", os.path.join(tmp, "policies"),
                                     "--listen", f"127.0.0.1:{server.port}"], capture_output=True, text=True, timeout=60)
            self.assertEqual(second.returncode, 1, second.stdout + second.stderr)
            self.assertIn("cannot listen", second.stderr)
        finally:
            self.assertEqual(server.stop(), 0)
            shutil.rmtree(tmp, ignore_errors=True)


class ShutdownTest(unittest.TestCase):
    def setUp(self):
        self.tmp = harness.policies_copy(small=True)
        self.server = Server(os.path.join(self.tmp, "policies"))

    def tearDown(self):
        if self.server.alive():
            self.server.proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_sigterm_finishes_request_in_flight(self):
        s, rest = partial_request(self.server, [SITI, OLD] * 500)
        idle = self.server.connect()  # an idle keep-alive connection must not delay the exit
        self.server.proc.send_signal(signal.SIGTERM)
        self.assertTrue(self.server.wait_stderr("SIGTERM: stopping"))
        time.sleep(0.2)
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
        s.sendall(rest)
        r = harness.read_response(s)
        s.close()
        idle.close()
        self.assertIsNotNone(r, "the request in flight got no response")
        self.assertEqual(r.status, 200)
        self.assertEqual(len(r.json()), 1000)
        self.assertEqual(r.headers.get("connection"), "close")
        started = time.time()
        self.assertEqual(self.server.proc.wait(30), 0)  # not stop(): a second SIGTERM ends at once
        self.assertLess(time.time() - started, 10)
        self.server._stderr_thread.join(5)
        self.server.assert_no_sanitizer_report()
        self.assertIn("jaring serve: stopped", self.server.stderr())

    def test_sigint_exits_0(self):
        self.assertEqual(self.server.decide(SITI).status, 200)
        self.assertEqual(self.server.stop(signal.SIGINT), 0)


class DecisionLogReplayTest(unittest.TestCase):
    def run_replay(self, log):
        replay = os.path.join(harness.ROOT, "examples", "api", "replay.py")
        return subprocess.run([sys.executable, replay, "--jaring", harness.JARING, log], capture_output=True, text=True)

    def test_log_reproduced_by_jaring_eval(self):
        tmp = harness.policies_copy(small=True)
        for masked in (False, True):
            log = os.path.join(tmp, f"log-{masked}.jsonl")
            args = ["--decision-log", log] + ([] if masked else ["--log-unmasked"])
            server = Server(os.path.join(tmp, "policies"), *args)
            server.decide(SITI)
            server.decide([BUDI_PU, OLD], as_of="2024-03-01")
            server.decide(SITI, query="&explain=true")
            # Dates as a spreadsheet writes them: the log names the notation, and the replay reads it so.
            dated = dict(SITI, birth_date="1/5/1984")
            self.assertEqual(server.decide(dated, query="&date_format=DD/MM/YYYY").status, 200)
            self.assertEqual(server.stop(), 0)
            with open(log) as f:
                lines = [json.loads(x) for x in f]
            self.assertEqual(len(lines), 5)
            self.assertEqual(lines[0]["record"]["nik"], "367201**********" if masked else SITI["nik"])
            self.assertNotIn("date_format", lines[0])
            self.assertEqual(lines[4]["date_format"], "DD/MM/YYYY")
            # Masked, a birth date keeps its year whichever way it was written.
            self.assertEqual(lines[4]["record"]["birth_date"], "1984" if masked else "1/5/1984")
            out = self.run_replay(log)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            if masked:
                self.assertRegex(out.stdout, r"0 of 0 decisions reproduced\n5 masked decisions skipped")
                continue
            self.assertRegex(out.stdout, r"5 of 5 decisions reproduced")
            # The replay can fail: a tampered line is found out.
            lines[1]["decision"]["status"] = "eligible" if lines[1]["decision"]["status"] != "eligible" else "rejected"
            with open(log, "w") as f:
                f.write("".join(json.dumps(x) + "\n" for x in lines))
            out = self.run_replay(log)
            self.assertEqual(out.returncode, 1, out.stdout)
            self.assertRegex(out.stdout, r"4 of 5 decisions reproduced")
        shutil.rmtree(tmp, ignore_errors=True)


class DecisionLogOnStdoutTest(unittest.TestCase):
    def test_dash_is_standard_output(self):
        """`--decision-log -`: the lines follow the `listening on` line on standard output (a
        container's log), and no file named `-` is created."""
        tmp = harness.policies_copy(small=True)
        server = Server(os.path.join(tmp, "policies"), "--decision-log", "-")
        server.decide(SITI)
        server.decide([BUDI_PU, OLD], as_of="2024-03-01")
        self.assertEqual(server.stop(), 0)
        lines = [json.loads(x) for x in server.proc.stdout.read().decode().splitlines()]
        self.assertEqual(len(lines), 3)
        self.assertEqual([x["as_of"] for x in lines], ["2024-08-01", "2024-03-01", "2024-03-01"])
        self.assertTrue(all(x["masked"] for x in lines))
        self.assertFalse(os.path.exists("-"))
        shutil.rmtree(tmp, ignore_errors=True)


class DecisionLogFailureTest(unittest.TestCase):
    """A decision log that cannot be written (here /dev/full: no space left) loses no line
    silently: each such response says so, /metrics counts the failed writes and the lines lost,
    stderr says it once; the decisions themselves are still answered."""

    def test_unwritable_log_is_visible(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        tmp = harness.policies_copy(small=True)
        server = Server(os.path.join(tmp, "policies"), "--decision-log", "/dev/full")
        try:
            r = server.decide(SITI)
            self.assertEqual(r.status, 200)
            self.assertEqual(r.json()["status"], "eligible")
            self.assertEqual(r.headers.get("jaring-decision-log"), "not-written")
            r = server.decide([BUDI_PU, OLD], as_of="2024-03-01")
            self.assertEqual(r.status, 200)
            self.assertEqual(r.headers.get("jaring-decision-log"), "not-written")
            self.assertEqual(metric(server, "jaring_decision_log_write_errors_total"), 2)
            self.assertEqual(metric(server, "jaring_decision_log_lines_lost_total"), 3)
            self.assertTrue(server.wait_stderr(r"cannot write the decision log `/dev/full`: No space left on device"))
            self.assertEqual(len(re.findall(r"cannot write the decision log", server.stderr())), 1)
        finally:
            self.assertEqual(server.stop(), 0)
            shutil.rmtree(tmp, ignore_errors=True)

    def test_written_log_is_not_marked(self):
        tmp = harness.policies_copy(small=True)
        server = Server(os.path.join(tmp, "policies"), "--decision-log", os.path.join(tmp, "log.jsonl"))
        try:
            r = server.decide(SITI)
            self.assertEqual(r.status, 200)
            self.assertNotIn("jaring-decision-log", r.headers)
            self.assertEqual(metric(server, "jaring_decision_log_lines_lost_total"), 0)
        finally:
            self.assertEqual(server.stop(), 0)
            shutil.rmtree(tmp, ignore_errors=True)


def needed_libraries(program):
    """The shared libraries `program` names (readelf -d: its NEEDED entries)."""
    out = subprocess.run(["readelf", "-d", program], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


class ServerProgramTest(unittest.TestCase):
    """`jaring serve` becomes the server program `jaring-serve` (beside `jaring` in a build,
    libexec/jaring/ when installed: examples/embed/test.sh), so that only it loads OpenSSL."""

    def test_only_the_server_program_links_openssl(self):
        server_program = os.path.join(os.path.dirname(harness.JARING), "jaring-serve")
        jaring_libs, server_libs = needed_libraries(harness.JARING), needed_libraries(server_program)
        self.assertIn("libssl.so.3", server_libs)
        self.assertFalse([lib for lib in jaring_libs if lib.startswith(("libssl", "libcrypto"))], jaring_libs)

    def test_event_loops_ask_for_their_latency_slice(self):
        # Each event loop's thread asks the scheduler for the slice given (Linux 6.12+ shows it
        # as se.slice in /proc/PID/task/TID/sched); an older kernel keeps its own, and is skipped.
        tmp = harness.policies_copy(small=True)
        server = Server(os.path.join(tmp, "policies"), "--threads", "3", "--latency-slice", "250")
        try:
            self.assertEqual(server.decide(SITI).status, 200)
            slices = []
            for tid in os.listdir(f"/proc/{server.proc.pid}/task"):
                try:
                    with open(f"/proc/{server.proc.pid}/task/{tid}/sched") as f:
                        m = re.search(r"^se\.slice\s*:\s*(\d+)", f.read(), re.M)
                except OSError:
                    continue
                if m:
                    slices.append(int(m.group(1)))
            release = tuple(int(x) for x in re.findall(r"\d+", os.uname().release)[:2])
            if not slices or release < (6, 12) and 250000 not in slices:
                self.skipTest("this kernel does not show or take a task's slice")
            self.assertEqual(slices.count(250000), 3, slices)  # the three loops, no other thread
        finally:
            self.assertEqual(server.stop(), 0)
            shutil.rmtree(tmp, ignore_errors=True)

    def test_serve_runs_the_server_in_its_own_process(self):
        tmp = harness.policies_copy(small=True)
        server = Server(os.path.join(tmp, "policies"))
        try:
            exe = os.readlink(f"/proc/{server.proc.pid}/exe")  # the process `jaring serve` started as
            self.assertEqual(os.path.basename(exe), "jaring-serve")
            self.assertEqual(server.decide(SITI).status, 200)
        finally:
            self.assertEqual(server.stop(), 0)
            shutil.rmtree(tmp, ignore_errors=True)

    def test_a_missing_server_program_is_said(self):
        tmp = tempfile.mkdtemp(prefix="jaring-alone-")
        try:
            alone = shutil.copy(harness.JARING, tmp)
            for lang, said in (("en", "the server program `jaring-serve` is not installed"),
                               ("id", "program server `jaring-serve` tidak terpasang")):
                p = subprocess.run([alone, "serve", "--policies", tmp, "--lang", lang], capture_output=True, text=True,
                                   timeout=60)
                self.assertEqual(p.returncode, 70, p.stderr)
                self.assertIn(said, p.stderr)
            # The flags are checked before: a bad one is a usage error, as it always was.
            p = subprocess.run([alone, "serve", "--policies", tmp, "--max-batch", "0"], capture_output=True, text=True,
                               timeout=60)
            self.assertEqual(p.returncode, 2, p.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
