#!/usr/bin/env python3
"""Checks `jaring doc` on every shipped region policy, as Markdown and as HTML.

usage: check_doc.py JARING ROOT OUTDIR

For each policy under rules/regions (the literate .policy.md included), in Indonesian and in
English: the document names the policy, its hash (as `jaring eval` reports it), every group,
requirement and payer label with its article, and every test as a worked example, all of them
deciding as expected; the same run twice gives the same bytes; the HTML has no script or
external reference and loads in headless Chromium without a console message (exit 77, skipped,
only when Chromium is missing). A policy with errors writes no document, exits 1 and prints
the diagnostics; an output in a missing folder exits 74.
"""
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "whatif"))
from check_html_report import chromium  # noqa: E402


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def labels(policy_text):
    """The labels of groups, requirements and payers, and the test names, as written."""
    out = []
    for m in re.finditer(r'^\s*(?:group|kelompok|require|syarat|payer|pembayar)\s+\w+\s+"([^"]+)"', policy_text, re.M):
        out.append(m.group(1))
    tests = re.findall(r'^\s*(?:test|uji)\s+"([^"]+)"', policy_text, re.M)
    return out, tests


def main():
    jaring, root, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    regions = os.path.join(root, "rules", "regions")
    policies = sorted(os.path.join(regions, f) for f in os.listdir(regions) if re.search(r"\.policy(\.md)?$", f))
    assert any(p.endswith(".policy.md") for p in policies), "no literate policy among the shipped ones"
    problems, pages = [], []
    for policy in policies:
        text = open(policy, encoding="utf-8").read()
        names, tests = labels(text)
        for lang in ("id", "en"):
            for fmt in ("md", "html"):
                base = os.path.join(out, os.path.basename(policy).replace(".", "_") + f".{lang}.{fmt}")
                cmd = [jaring, "doc", policy, f"--{fmt}", "--lang", lang, "--out", base]
                r = run(cmd)
                if r.returncode != 0:
                    problems.append(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr}")
                    continue
                doc = open(base, encoding="utf-8").read()
                again = run([jaring, "doc", policy, f"--{fmt}", "--lang", lang]).stdout
                if again != doc:
                    problems.append(f"{base}: a second run (to standard output) gives other bytes")
                plain = doc.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                for n in names + tests:
                    if n not in plain:
                        problems.append(f"{base}: missing {n!r}")
                if not re.search(r"sha256:[0-9a-f]{64}", doc):
                    problems.append(f"{base}: no policy hash")
                done = re.search(r"(\d+) (?:dari|of) (\d+) (?:contoh|examples)", doc)
                if tests and (not done or done.group(1) != done.group(2) or int(done.group(2)) != len(tests)):
                    problems.append(f"{base}: expected {len(tests)} examples all as expected, got {done and done.group(0)}")
                if fmt == "html":
                    for bad in ["<script", "<link", "src=\"http", "href=\"http", "url(http", "@import"]:
                        if bad in doc:
                            problems.append(f"{base}: has an external reference or script: {bad}")
                    pages.append(base)
    # The hash in the document is the one decisions carry.
    cilegon = os.path.join(regions, "cilegon-2024.policy")
    d = json.loads(run([jaring, "eval", cilegon, "--as-of", "2024-08-01", "--record",
                        '{"nik":"3672010105840001","name":"S","role":"ketua_rt","birth_date":"1984-05-01",'
                        '"domicile":"36.72"}']).stdout)
    if d["policy"]["hash"] not in run([jaring, "doc", cilegon]).stdout:
        problems.append("the document's hash is not the decisions' hash")
    # Errors: no document, the diagnostics, exit 1; an unwritable output: exit 74, nothing written.
    bad = os.path.join(root, "tests", "golden", "unknown_quota.policy")
    target = os.path.join(out, "bad.md")
    r = run([jaring, "doc", bad, "--out", target])
    if r.returncode != 1 or "unknown-quota" not in r.stderr or os.path.exists(target):
        problems.append(f"a policy with errors: exit {r.returncode}, stderr {r.stderr!r}, written {os.path.exists(target)}")
    r = run([jaring, "doc", cilegon, "--out", os.path.join(out, "no", "such", "folder", "x.md")])
    if r.returncode != 74:
        problems.append(f"an output in a missing folder: exit {r.returncode}, expected 74: {r.stderr}")
    if problems:
        print("\n".join(problems))
        return 1
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        print("chromium not found: skipped")
        return 77
    for page in pages:
        r = chromium(binary, page, ["--dump-dom"])
        console = [line for line in r.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
        if r.returncode != 0 or console or "</main>" not in r.stdout or "<table>" not in r.stdout:
            problems.append(f"{page}: chromium exit {r.returncode}, console {console}")
    print("\n".join(problems) if problems else f"ok: {len(policies)} policies, {len(pages)} HTML pages load cleanly")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
