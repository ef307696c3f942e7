#!/usr/bin/env python3
"""Row-by-row accounting of one `jaring eval` run, checked from the outputs and the raw input.

usage: account_rows.py RECORDS DECISIONS.jsonl REJECTS.csv SUMMARY.json

- The input's physical lines are counted here from its bytes (LF, CR or CRLF ends, a last line
  without one), independently of Jaring's reader; for CSV and JSON Lines the summary's line
  accounting must have that total and add up: header + blank + continuation + rows.
- Every row appears exactly once in the decisions, in input order (strictly increasing lines).
- rows_in = decided + rejected = the number of decisions.
- Every rejected decision has its line in rejects.csv, and rejects.csv names no other line.
"""
import csv
import json
import re
import sys


def physical_lines(data: bytes) -> int:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    ends = len(re.findall(rb"\r\n|\r|\n", data))
    return ends + (1 if data and not data.endswith((b"\n", b"\r")) else 0)


def main() -> int:
    records, decisions_path, rejects_path, summary_path = sys.argv[1:5]
    problems = []
    summary = json.load(open(summary_path, encoding="utf-8"))
    rec = summary["reconciliation"]
    decisions = [json.loads(l) for l in open(decisions_path, encoding="utf-8") if l.strip()]
    lines = [d["line"] for d in decisions]
    if any(b <= a for a, b in zip(lines, lines[1:])):
        problems.append("decision lines are not strictly increasing (a row twice, or out of order)")
    if not (rec["rows_in"] == rec["decided"] + rec["rejected"] == len(decisions)):
        problems.append(f"rows_in {rec['rows_in']} != decided {rec['decided']} + rejected {rec['rejected']} "
                        f"or != {len(decisions)} decisions")
    if not rec["holds"]:
        problems.append("the summary says the reconciliation does not hold")
    if "lines" in rec:
        counted = physical_lines(open(records, "rb").read())
        l = rec["lines"]
        if l["total"] != counted:
            problems.append(f"the summary counts {l['total']} lines, the input has {counted}")
        if l["header"] + l["blank"] + l["continuation"] + l["rows"] != l["total"] or l["rows"] != rec["rows_in"]:
            problems.append(f"lines do not add up: {l}")
    elif not records.endswith(".json"):
        problems.append("a line-based input without line accounting in the summary")
    rejected = {d["line"] for d in decisions if d["status"] == "rejected"}
    with open(rejects_path, encoding="utf-8", newline="") as f:
        reject_lines = {int(row["line"]) for row in csv.DictReader(f)}
    if reject_lines != rejected:
        problems.append(f"rejects.csv lines {sorted(reject_lines ^ rejected)} differ from the rejected decisions")
    for p in problems:
        print(f"account_rows: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
