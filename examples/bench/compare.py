#!/usr/bin/env python3
"""Checks Jaring's cilegon-bench run against the hand-written loop's (examples/bench/run.sh).

usage: compare.py LOOP_AGGREGATES.json JARING_SUMMARY.json LOOP_DECISIONS.csv JARING_DECISIONS.csv

The aggregates: Jaring's summary in the loop's canonical form (payers' count and monthly total
in rupiah, each record's first failing reason, eligible, records) must equal the loop's line
byte for byte. The decisions: row by row, in input order, eligible/group/payer/JKK/JKM/JHT/
total/first reason must be equal. Exits 1 on the first difference, naming it.
"""
import csv
import json
import sys


def canonical_aggregates(summary):
    payers = {}
    for name, p in summary["payers"].items():
        if p["persons"] == 0:
            continue
        if p["monthly_sen"] % 100:
            sys.exit(f"compare: payer {name} has a total with sen ({p['monthly_sen']}); the loop counts rupiah")
        payers[name] = {"count": p["persons"], "total": p["monthly_sen"] // 100}
    out = {
        "eligible": summary["status"]["eligible"],
        "payers": payers,
        "reasons": summary["first_reasons"],
        "records": summary["reconciliation"]["rows_in"],
    }
    return json.dumps(out, sort_keys=True, separators=(",", ":"))


def rupiah(sen):
    if sen == "":
        return 0
    value = int(sen)
    if value % 100:
        sys.exit(f"compare: an amount with sen ({value})")
    return value // 100


def jaring_row(row):
    eligible = row["status"] == "eligible"
    if not eligible:
        first = row["reasons"].split(";")[0] if row["reasons"] else ""
        return [row["id"], "false", "", "", 0, 0, 0, 0, first]
    payers = [p.split("=")[0] for p in row["payers"].split(";") if p]
    return [row["id"], "true", row["group"], ";".join(payers), rupiah(row["JKK_sen"]), rupiah(row["JKM_sen"]),
            rupiah(row["JHT_sen"]), rupiah(row["total_sen"]), ""]


def loop_row(row):
    return [row["nik"], row["eligible"], row["group"], row["payer"], int(row["jkk"]), int(row["jkm"]),
            int(row["jht"]), int(row["total"]), row["reason"]]


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    loop_line = open(sys.argv[1]).read().strip()
    mine = canonical_aggregates(json.load(open(sys.argv[2])))
    if mine != loop_line:
        sys.exit(f"compare: aggregates differ\n  loop:   {loop_line}\n  jaring: {mine}")
    n = 0
    with open(sys.argv[3], newline="") as lf, open(sys.argv[4], newline="") as jf:
        loop_rows, jaring_rows = csv.DictReader(lf), csv.DictReader(jf)
        for n, (l, j) in enumerate(zip(loop_rows, jaring_rows, strict=True), start=1):
            if loop_row(l) != jaring_row(j):
                sys.exit(f"compare: decision {n} differs\n  loop:   {loop_row(l)}\n  jaring: {jaring_row(j)}")
    print(f"aggregates equal the loop's: {loop_line}")
    print(f"decisions equal the loop's, row by row: {n}")


if __name__ == "__main__":
    main()
