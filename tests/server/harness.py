"""Starting `jaring serve` on an ephemeral port and talking to it (standard library only).

Every response read through `Server.request` or `Server.raw` is checked against the OpenAPI
document (engine/server/openapi.json); a response the document does not describe fails the
test that received it.
"""
import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

from openapi_check import OpenApi

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OPENAPI_PATH = os.path.join(ROOT, "engine", "server", "openapi.json")
with open(OPENAPI_PATH, "rb") as f:
    OPENAPI_BYTES = f.read()
API = OpenApi(json.loads(OPENAPI_BYTES))
JARING = None  # set by test_server.py from --jaring
START_TIMEOUT = 60  # seconds; the sanitizer build is slow to start

CILEGON = "regions/cilegon-2024"
SITI = {"nik": "3672010105840001", "name": "Siti Aminah", "role": "ketua_rt",
        "birth_date": "1984-05-01", "domicile": "36.72"}
BUDI_PU = {"nik": "3672011203900002", "name": "Budi", "role": "ketua_rw",
           "birth_date": "1990-03-12", "domicile": "36.72", "registered_pu": True}
OLD = {"nik": "3672010101500003", "name": "Wati", "role": "ketua_rt",
       "birth_date": "1950-01-01", "domicile": "36.72.01"}


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body)

    def slug(self):
        return self.json()["type"].rsplit("/", 1)[-1]


SMALL = ["national/bpjstk.policy", "regions/cilegon-2024.policy", "regions/tanah-bumbu-2024.policy"]


def policies_copy(small=False):
    """A temporary copy of rules/ (policies may be changed in it), plus a broken policy. With
    `small`, only the policies in SMALL (faster to load under the sanitizers)."""
    tmp = tempfile.mkdtemp(prefix="jaring-serve-")
    if small:
        for name in SMALL:
            os.makedirs(os.path.dirname(os.path.join(tmp, "policies", name)), exist_ok=True)
            shutil.copy(os.path.join(ROOT, "rules", name), os.path.join(tmp, "policies", name))
    else:
        shutil.copytree(os.path.join(ROOT, "rules"), os.path.join(tmp, "policies"))
    with open(os.path.join(tmp, "policies", "regions", "broken.policy"), "w") as f:
        f.write('policy "Broken"\nrecord r { x : date }\nrequire r1 "x" [] x > 3 and\n')
    with open(os.path.join(tmp, "policies", "README.txt"), "w") as f:
        f.write("not a policy\n")
    return tmp


def open_files_limit(n):
    """A preexec_fn raising the child's soft RLIMIT_NOFILE to n (at most the hard limit)."""
    def raise_limit():
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        target = n if hard == resource.RLIM_INFINITY else min(n, hard)
        if soft != resource.RLIM_INFINITY and soft < target:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return raise_limit


class Server:
    def __init__(self, policies, *args, env=None, token=None, nofile=None, tls=None, wait=True):
        """`nofile`: raise the server's open-file limit to this many (up to the hard limit).
        `tls`: an ssl.SSLContext to talk HTTPS with. `wait`: wait until the policies are loaded."""
        self.policies = policies
        self.tls = tls
        environment = dict(os.environ)
        environment.pop("JARING_ADMIN_TOKEN", None)
        if token:
            environment["JARING_ADMIN_TOKEN"] = token
        environment.update(env or {})
        cmd = [JARING, "serve", "--policies", policies, "--listen", "127.0.0.1:0", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment,
                                     preexec_fn=open_files_limit(nofile) if nofile else None)
        self._stderr = []
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_thread.start()
        self.listening_line = self._read_listening_line()
        self.port = int(self.listening_line.rsplit(":", 1)[1])
        if wait:
            self.wait_loaded()

    def wait_loaded(self, timeout=START_TIMEOUT):
        """Waits until the server has loaded its policies (it listens, and answers /readyz, before)."""
        deadline = time.time() + timeout
        while time.time() < deadline and self.alive():
            try:
                conn = self.connection(10)
                conn.request("GET", "/readyz")
                body = json.loads(conn.getresponse().read())
                conn.close()
                if body.get("loaded"):
                    return
            except (OSError, ValueError, http.client.HTTPException):
                pass
            time.sleep(0.02)
        self.proc.kill()
        raise AssertionError(f"the server did not load its policies; stderr:\n{self.stderr()}")

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self._stderr.append(line.decode("utf-8", "replace"))

    def _read_listening_line(self):
        result = []
        reader = threading.Thread(target=lambda: result.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        line = result[0].decode().strip() if result else ""
        if not re.fullmatch(r"listening on https?://127\.0\.0\.1:\d+", line):
            self.proc.kill()
            raise AssertionError(f"no `listening on` line (got {line!r}); stderr:\n{self.stderr()}")
        return line

    def stderr(self):
        return "".join(self._stderr)

    def wait_stderr(self, pattern, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if re.search(pattern, self.stderr()):
                return True
            time.sleep(0.05)
        return False

    def alive(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.alive():
            self.proc.send_signal(sig)
        try:
            status = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("the server did not stop within %ss" % timeout)
        self._stderr_thread.join(5)
        self.assert_no_sanitizer_report()
        return status

    def assert_no_sanitizer_report(self):
        if re.search(r"ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: \w+Sanitizer", self.stderr()):
            raise AssertionError("sanitizer report on the server's stderr:\n" + self.stderr()[-4000:])

    # ---- requests ----------------------------------------------------------------------
    def request(self, method, path, body=None, headers=None, check=True, timeout=60):
        if isinstance(body, (dict, list)) or (body is not None and not isinstance(body, (bytes, str))):
            body = json.dumps(body)
            headers = {"Content-Type": "application/json", **(headers or {})}
        conn = self.connection(timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            response = Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        if check:
            self.check(method, path, response)
        return response

    def connection(self, timeout):
        if self.tls:
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=self.tls)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def decide(self, record, as_of="2024-08-01", policy=CILEGON, query="", headers=None):
        return self.request("POST", f"/v1/policies/{policy}/decisions?as_of={as_of}{query}", record, headers=headers)

    def check(self, method, path, response):
        if method in ("HEAD", "OPTIONS"):
            return
        errors = API.check_response(method, path, response.status, response.headers.get("content-type"), response.body)
        if errors:
            raise AssertionError("response does not match openapi.json:\n  " + "\n  ".join(e[:300] for e in errors[:10]))

    def connect(self):
        return socket.create_connection(("127.0.0.1", self.port), timeout=60)

    def raw(self, data, method=None, path=None, half_close=False):
        """Sends raw bytes; returns the Response, or None if the server closed without one."""
        s = self.connect()
        try:
            try:
                s.sendall(data)
                if half_close:
                    s.shutdown(socket.SHUT_WR)
            except (BrokenPipeError, ConnectionResetError):
                pass
            response = read_response(s)
        finally:
            s.close()
        if response is not None and method and path is not None:
            self.check(method, path, response)
        return response


def read_response(sock):
    """Reads one HTTP/1.1 response with a Content-Length body; None if the connection ended first."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = [tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:] if ":" in line]
        length = int(dict((k.lower(), v) for k, v in headers).get("content-length", "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return Response(status, headers, body[:length])
    except (ConnectionResetError, socket.timeout):
        return None


def jaring_eval(policy_file, as_of, record, *extra):
    out = subprocess.run([JARING, "eval", policy_file, "--as-of", as_of, "--record", json.dumps(record), *extra],
                         capture_output=True, check=True)
    return out.stdout.decode()


def http_request_bytes(method, path, body=b"", content_type="application/json", extra=""):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if content_type:
        head += f"Content-Type: {content_type}\r\n"
    head += f"Content-Length: {len(body)}\r\n{extra}\r\n"
    return head.encode() + body
