#!/usr/bin/env python3
"""Decisions as CSV carry every programme's amount; --no-decisions renders none.

usage: csv_and_summary_only.py JARING POLICY RECORDS AS_OF [-I DIR]

Runs `jaring eval` three ways on the same input and checks:
- CSV: the header ends with one `PROGRAMME_sen` column per programme; on every eligible row
  the programme amounts add up to total_sen, on every other row they are empty; the rows are
  the JSON Lines decisions' (id, status, total, and each programme's total_sen), in order;
- --no-decisions: nothing on standard output, and a summary equal to the CSV run's;
- the summary's first_reasons count each not-eligible or rejected record once, by its first
  reason (the first of the CSV `reasons`, or invalid_record).
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r.stdout


def main():
    jaring, policy, records, as_of, *extra = sys.argv[1:]
    base = [jaring, "eval", policy, "--as-of", as_of, "--records", records, *extra]
    with tempfile.TemporaryDirectory() as tmp:
        out_csv, out_jsonl = os.path.join(tmp, "d.csv"), os.path.join(tmp, "d.jsonl")
        s_csv, s_none = os.path.join(tmp, "s1.json"), os.path.join(tmp, "s2.json")
        run(base + ["--out", out_csv, "--summary", s_csv])
        run(base + ["--out", out_jsonl])
        stdout = run(base + ["--no-decisions", "--summary", s_none])
        if stdout:
            sys.exit(f"--no-decisions wrote {len(stdout)} bytes to standard output")
        if open(s_csv).read() != open(s_none).read():
            sys.exit("the summary of --no-decisions differs from the summary of --out")
        rows = list(csv.DictReader(open(out_csv, newline="")))
        header = next(csv.reader(open(out_csv, newline="")))
        decisions = [json.loads(line) for line in open(out_jsonl)]
        summary = json.load(open(s_none))
    fixed = ["id", "line", "status", "group", "scheme", "total_sen", "payers", "reasons", "rank"]
    programmes = [c[: -len("_sen")] for c in header[len(fixed):]]
    if header[: len(fixed)] != fixed or not programmes or not all(c.endswith("_sen") for c in header[len(fixed):]):
        sys.exit(f"unexpected CSV header {header}")
    if len(rows) != len(decisions):
        sys.exit(f"{len(rows)} CSV rows, {len(decisions)} JSON decisions")
    first = Counter()
    for row, d in zip(rows, decisions):
        amounts = {p: row[p + "_sen"] for p in programmes}
        want = {p: "" for p in programmes}
        for prog in d["programmes"]:
            want[prog["programme"]] = str(prog["total_sen"])
        if (row["id"], row["status"], int(row["total_sen"])) != (d["id"], d["status"], d["total_sen"]):
            sys.exit(f"line {row['line']}: CSV {row} against JSON {d}")
        if amounts != want:
            sys.exit(f"line {row['line']}: programme amounts {amounts}, JSON has {want}")
        if d["status"] == "eligible" and sum(int(v) for v in amounts.values() if v) != d["total_sen"]:
            sys.exit(f"line {row['line']}: programme amounts do not add up to total_sen")
        if d["status"] == "rejected":
            first["invalid_record"] += 1
        elif row["reasons"]:
            first[row["reasons"].split(";")[0]] += 1
    if dict(first) != summary["first_reasons"]:
        sys.exit(f"first_reasons {summary['first_reasons']}, counted {dict(first)}")
    print(f"{len(rows)} rows; programmes {', '.join(programmes)}; first reasons {dict(first)}")


if __name__ == "__main__":
    main()
