#!/usr/bin/env python3
"""Checks the HTML reports of `jaring project` and `jaring diff` in headless Chromium.

usage: check_html_report.py JARING ROOT OUTDIR

Writes the reports of examples/whatif (the small Cilegon population) to OUTDIR, loads each with
`chromium --headless --dump-dom`, and fails unless: the page logs no console message (the reports
have no script, so any message is an error), it has no external reference, its charts (svg) are
there, and its totals are the pinned ones. Also takes OUTDIR/report.png (the project report).
Exit 77 (skipped) when Chromium is not installed.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0"]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, **kw)


def chromium(binary, page, extra):
    with tempfile.TemporaryDirectory() as profile:
        return run([binary] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + extra + ["file://" + os.path.abspath(page)])


def check_page(binary, page, svgs, texts):
    problems = []
    html = open(page, encoding="utf-8").read()
    for bad in ["<script", "<link", "src=\"http", "href=\"http", "url(http", "@import"]:
        if bad in html:
            problems.append(f"{page}: has an external reference or script: {bad}")
    r = chromium(binary, page, ["--dump-dom"])
    if r.returncode != 0:
        return problems + [f"{page}: chromium exit {r.returncode}: {r.stderr[-2000:]}"]
    console = [line for line in r.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    problems += [f"{page}: console: {line}" for line in console]
    dom = r.stdout
    if "</main>" not in dom:
        problems.append(f"{page}: the DOM has no <main> (page did not load?)")
    n = len(re.findall(r"<svg\b", dom))
    if n < svgs:
        problems.append(f"{page}: {n} svg charts, expected at least {svgs}")
    if len(re.findall(r"<rect\b", dom)) < 10:
        problems.append(f"{page}: the charts have almost no bars")
    problems += [f"{page}: missing text {t!r}" for t in texts if t not in dom]
    return problems


def main():
    jaring, root, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    records = os.path.join(root, "examples/whatif/cilegon-small.csv")
    base = os.path.join(root, "rules/regions/cilegon-2024.policy")
    raperwal = os.path.join(root, "rules/regions/cilegon-2025-raperwal.policy")
    pages = {
        "project.html": ([jaring, "project", base, "--records", records, "--ignore-field", "occupation_attested", "--from", "2024-01", "--to", "2024-12"], 4,
                         ["Rp 1.884.000", "Rp 1.503.962", "79,83%", "Rp 1.480.800", "Rp 268.800", "Iuran per pembayar per bulan"]),
        "project-en.html": ([jaring, "project", base, "--records", records, "--ignore-field", "occupation_attested", "--from", "2024-01", "--to", "2024-12",
                             "--lang", "en"], 4, ["Rp 1.884.000", "Contributions per payer per month", "Loss ratio"]),
        "diff.html": ([jaring, "diff", base, raperwal, "--records", records, "--base-as-of", "2024-08-01", "--as-of",
                       "2025-08-01"], 3, ["Rp 161.200", "Rp 94.000", "-Rp 806.400", "kehilangan perlindungan", "pekerja_informal"]),
    }
    problems = []
    for name, (cmd, _, _) in pages.items():
        r = run(cmd + ["--html", os.path.join(out, name)])
        if r.returncode != 0:
            problems.append(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr}")
    if problems:
        print("\n".join(problems))
        return 1
    if not binary:
        print("chromium not found: skipped")
        return 77
    for name, (_, svgs, texts) in pages.items():
        problems += check_page(binary, os.path.join(out, name), svgs, texts)
    shot = chromium(binary, os.path.join(out, "project.html"),
                    ["--window-size=1280,2400", "--screenshot=" + os.path.join(out, "report.png")])
    if shot.returncode != 0 or not os.path.exists(os.path.join(out, "report.png")):
        problems.append("screenshot failed: " + shot.stderr[-2000:])
    print("\n".join(problems) if problems else f"ok: {len(pages)} reports load cleanly; screenshot {out}/report.png")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
