#!/usr/bin/env python3
"""A scripted editor for `jaring lsp` (ctest lsp.client): starts the server over pipes, speaks
LSP to it as VS Code does, and checks each answer on the shipped policies: diagnostics as the
text changes (with `jaring check`'s codes and help), hover, definition across `use`,
completion, outline and formatting (against `jaring fmt`), a literate `.policy.md`, Indonesian
messages, and broken input on the wire.

    lsp_client.py JARING REPO
"""
import json
import os
import subprocess
import sys
import tempfile
import threading

JARING, REPO = sys.argv[1], os.path.abspath(sys.argv[2])
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def uri(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


class Client:
    def __init__(self, *args):
        self.proc = subprocess.Popen([JARING, "lsp", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=tempfile.gettempdir())
        self.next_id = 0
        self.notes = []  # notifications received, in order
        self.stderr = b""
        self._stderr_reader = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_reader.start()

    def _drain_stderr(self):
        self.stderr = self.proc.stderr.read()

    def raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == self.next_id:
                return m
            self.notes.append(m)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, doc_uri):
        """The next diagnostics published for doc_uri."""
        while True:
            for i, m in enumerate(self.notes):
                if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == doc_uri:
                    del self.notes[i]
                    return m["params"]["diagnostics"]
            self.notes.append(self.read())

    def open(self, path, text=None, language="jaring"):
        text = open(path, encoding="utf-8").read() if text is None else text
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri(path), "languageId": language, "version": 1,
                                                               "text": text}})
        return self.diagnostics(uri(path))

    def change(self, path, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": version},
                                               "contentChanges": [{"text": text}]})
        return self.diagnostics(uri(path))

    def at(self, path, line, character):
        return {"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}}

    def start(self, **init):
        reply = self.request("initialize", {"processId": os.getpid(), "rootUri": uri(REPO), "capabilities": {},
                                            **init})
        self.notify("initialized", {})
        return reply

    def stop(self):
        reply = self.request("shutdown", None)
        self.notify("exit", None)
        status = self.proc.wait(timeout=30)
        self._stderr_reader.join(timeout=30)  # all of standard error read before it is checked
        return reply, status


def where(text, needle, after=0):
    """(line, character) of needle's first character in text (ASCII lines)."""
    at = text.index(needle, after)
    line = text.count("\n", 0, at)
    return line, at - (text.rfind("\n", 0, at) + 1)


cilegon = os.path.join(REPO, "rules/regions/cilegon-2024.policy")
yogya = os.path.join(REPO, "rules/regions/yogyakarta-2025.policy.md")
national = os.path.join(REPO, "rules/national/bpjstk.policy")
cilegon_text = open(cilegon, encoding="utf-8").read()

c = Client()
init = c.start()
caps = init["result"]["capabilities"]
check(caps.get("hoverProvider") and caps.get("definitionProvider") and caps.get("documentSymbolProvider")
      and caps.get("documentFormattingProvider") and "completionProvider" in caps, "initialize: the capabilities")
check(caps["positionEncoding"] == "utf-16" and caps["textDocumentSync"]["change"] == 1,
      "initialize: UTF-16 positions, full text sync")
check(init["result"]["serverInfo"]["name"] == "jaring", "initialize: serverInfo")

# Diagnostics: the shipped policy is clean; a typo gives `jaring check`'s code, place and help.
check(c.open(cilegon) == [], "diagnostics: cilegon-2024.policy is clean")
typo = cilegon_text.replace("years_between(birth_date", "years_between(birth_dat", 1)
line, character = where(typo, "birth_dat,")
diags = c.change(cilegon, typo, 2)
with tempfile.NamedTemporaryFile("w", suffix=".policy", dir=os.path.dirname(cilegon), delete=False) as f:
    f.write(typo)
try:
    cli = json.loads(subprocess.run([JARING, "check", "--format", "json", f.name], capture_output=True,
                                    text=True).stdout)
finally:
    os.unlink(f.name)
check(len(diags) == len(cli) == 1, f"diagnostics: one, as jaring check ({diags})")
if diags and cli:
    d = diags[0]
    check(d["code"] == cli[0]["code"] and d["severity"] == 1, f"diagnostics: code {d['code']} as jaring check")
    check(d["range"]["start"] == {"line": line, "character": character}
          and d["range"]["start"] == {"line": cli[0]["line"] - 1, "character": cli[0]["column"] - 1},
          f"diagnostics: at {line + 1}:{character + 1}, as jaring check")
    check(d["message"] == cli[0]["message"] + "\nhelp: " + cli[0]["help"], "diagnostics: message and help")
check(c.change(cilegon, cilegon_text, 3) == [], "diagnostics: cleared when fixed")

# Hover: a group (label, citation, its lines), a national parameter with its dated values.
line, character = where(cilegon_text, "rt_rw", cilegon_text.index("group rt_rw"))
h = c.request("textDocument/hover", c.at(cilegon, line, character + 1))["result"]
check(h and "**Ketua RT dan Ketua RW**" in h["contents"]["value"] and "Pasal 4" in h["contents"]["value"],
      "hover: a group's label and citation")
line, character = where(cilegon_text, "JKK", cilegon_text.index("\n  covers "))
h = c.request("textDocument/hover", c.at(cilegon, line, character))["result"]
check(h and "Jaminan Kecelakaan Kerja" in h["contents"]["value"] and "bpjstk.policy" in h["contents"]["value"],
      "hover: a national programme, where it is declared")

# Definition across `use`: the programme's line in the national file.
loc = c.request("textDocument/definition", c.at(cilegon, line, character))["result"]
national_lines = open(national, encoding="utf-8").read().split("\n")
ok = loc and len(loc) == 1 and loc[0]["uri"] == uri(national)
check(ok and national_lines[loc[0]["range"]["start"]["line"]].startswith("programme JKK"),
      "definition: JKK in rules/national/bpjstk.policy")
line, character = where(cilegon_text, "national/bpjstk")
loc = c.request("textDocument/definition", c.at(cilegon, line, character + 2))["result"]
check(loc and loc[0]["uri"] == uri(national), "definition: the `use` path opens the national file")

# Completion: after `paid_by`, the payers; elsewhere keywords of both languages and names.
payers = [p for p in ("apbd_kota", "kpu", "bawaslu") if p in cilegon_text]
line, character = where(cilegon_text, "\n  paid_by ")
items = c.request("textDocument/completion", c.at(cilegon, line + 1, 2 + len("paid_by ")))["result"]["items"]
got = {i["label"] for i in items}
check(set(payers) <= got and "group" not in got, f"completion: payers after paid_by ({sorted(got)})")
line, character = where(cilegon_text, "\n  when ")
items = c.request("textDocument/completion", c.at(cilegon, line + 1, 2 + len("when ")))["result"]["items"]
got = {i["label"] for i in items}
check({"group", "kelompok", "years_between", "selisih_tahun", "birth_date", "as_of"} <= got,
      "completion: keywords in English and Indonesian, functions, fields")

# Outline: every group of the file.
symbols = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(cilegon)}})["result"]
groups = [s["name"] for s in symbols if s["kind"] == 5]
check(len(groups) == cilegon_text.count("\ngroup ") and "rt_rw" in groups, f"outline: the groups {groups}")

# Formatting: the shipped file is formatted; a messy one gets `jaring fmt`'s text.
fmt_params = {"textDocument": {"uri": uri(cilegon)}, "options": {"tabSize": 2, "insertSpaces": True}}
check(c.request("textDocument/formatting", fmt_params)["result"] == [], "formatting: nothing to change")
messy = cilegon_text.replace("\n  covers ", "\n covers   ")
c.change(cilegon, messy, 4)
edits = c.request("textDocument/formatting", fmt_params)["result"]
check(len(edits) == 1 and edits[0]["newText"] == cilegon_text, "formatting: the canonical text, as jaring fmt")
c.notify("textDocument/didClose", {"textDocument": {"uri": uri(cilegon)}})
check(c.diagnostics(uri(cilegon)) == [], "close: diagnostics cleared")

# A literate policy: diagnostics at the Markdown line, nothing in the prose.
yogya_text = open(yogya, encoding="utf-8").read()
check(c.open(yogya, language="markdown") == [], "literate: yogyakarta-2025.policy.md is clean")
block = yogya_text.index("```jaring")
broken = yogya_text[:block] + yogya_text[block:].replace("\n  covers ", "\n  menutupi ", 1)
diags = c.change(yogya, broken, 2)
line, _ = where(broken, "menutupi ")
check(len(diags) >= 1 and diags[0]["range"]["start"]["line"] == line, f"literate: the error at Markdown line {line + 1}")
c.change(yogya, yogya_text, 3)
prose_line = yogya_text[:block].count("\n") - 1
check(c.request("textDocument/hover", c.at(yogya, max(prose_line, 0), 2))["result"] is None, "literate: no hover in prose")
check(c.request("textDocument/completion", c.at(yogya, max(prose_line, 0), 2))["result"]["items"] == [],
      "literate: no completion in prose")

# A missing `use`: reported alone, not with every name it would have declared.
missing = os.path.join(tempfile.gettempdir(), "jaring-lsp-missing.policy")
diags = c.open(missing, cilegon_text.replace("use national/bpjstk", "use national/nothing"))
check([d["code"] for d in diags] == ["unknown-policy"], f"missing use: one diagnostic ({[d['code'] for d in diags]})")

# Broken input on the wire: skipped or answered, and the server goes on.
c.raw(b"Content-Length: nope\r\n\r\n")
c.raw(b"Content-Length: 9\r\n\r\n{not json")
reply = c.read()
check(reply.get("error", {}).get("code") == -32700, "wire: invalid JSON answered with a parse error")
check(c.request("textDocument/definition", c.at(cilegon, 0, 0))["result"] is None, "wire: still serving")
reply, status = c.stop()
check(reply.get("result", "x") is None and status == 0, f"shutdown and exit: status {status}")
check(b"Content-Length `nope`" in c.stderr, "wire: the bad header reported on standard error")

# In Indonesian: the diagnostics of `jaring check --lang id`.
c = Client("--lang", "id")
c.start()
diags = c.open(cilegon, typo)
check(diags and "did you mean" not in diags[0]["message"] and "saran:" in diags[0]["message"],
      f"--lang id: Indonesian diagnostics ({diags and diags[0]['message']})")
c.proc.stdin.close()  # the editor went away without `exit`
check(c.proc.wait(timeout=30) == 1, "input closed without exit: status 1")

# Without --lang (and JARING_LANG), an editor whose locale is Indonesian gets Indonesian.
os.environ.pop("JARING_LANG", None)
c = Client()
c.start(locale="id")
diags = c.open(cilegon, typo)
check(diags and "saran:" in diags[0]["message"], "locale id: Indonesian diagnostics without --lang")
c.stop()

if failures:
    print(f"lsp.client: {len(failures)} failed")
    sys.exit(1)
print("lsp.client: all ok")
