#!/usr/bin/env python3
"""Copies of a synthesised population (CSV, header first) for the tests of the note `jaring
eval` ends with when the generic runtime decided many records one at a time.

usage: one_at_a_time.py RECORDS.csv SPREADSHEET.csv ESCAPED.jsonl NESTED.jsonl EXPONENT.jsonl

- SPREADSHEET.csv: every tenth row written as a spreadsheet writes it, in notations the generic
  reader converts and the fast lane reads too (field_convert.cpp): `ya`/`tidak` for
  `registered_pu`, `TRUE`/`FALSE` for `kcm_roster`, `Rp 3.450.000` for `declared_income`.
- ESCAPED.jsonl: the rows as JSON Lines as PHP's json_encode writes them, every `/` escaped, with
  an `alamat` key (`RT 001\\/RW 002`, read past with --ignore-field) on every line and every
  tenth name beginning with `\\u00c9`: the fast lane decodes the escapes too.
- NESTED.jsonl: the rows as JSON Lines, every tenth with a `meta` key holding an object with an
  array in it (read past with --ignore-field): the fast lane reads over it too (flatten_nested).
- EXPONENT.jsonl: the same with a number written with an exponent in the object, which nlohmann
  may refuse (past a double's range): a line only the generic reader reads.
"""
import csv
import json
import sys


def rupiah(cell):
    return "Rp " + f"{int(cell):,}".replace(",", ".") if cell.isdigit() else cell


def main():
    source, spreadsheet, escaped, nested, exponent = sys.argv[1:6]
    with open(source, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    with open(spreadsheet, "w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        out.writeheader()
        for n, row in enumerate(rows, 1):
            if n % 10 == 0:
                row = dict(row)
                row["registered_pu"] = {"true": "ya", "false": "tidak"}.get(row["registered_pu"], row["registered_pu"])
                row["kcm_roster"] = row["kcm_roster"].upper()
                row["declared_income"] = rupiah(row["declared_income"])
            out.writerow(row)
    with open(escaped, "w", encoding="utf-8") as f:
        for n, row in enumerate(rows, 1):
            record = {k: v for k, v in row.items() if v != ""}
            record["alamat"] = f"RT {n % 20 + 1:03}/RW {n % 7 + 1:03}"
            if n % 10 == 0:
                record["name"] = "\u00c9" + record["name"]
            f.write(json.dumps(record).replace("/", "\\/") + "\n")
    for path, skor in ((nested, "12.5"), (exponent, "1.25e1")):
        with open(path, "w", encoding="utf-8") as f:
            for n, row in enumerate(rows, 1):
                record = {k: v for k, v in row.items() if v != ""}
                line = json.dumps(record)
                if n % 10 == 0:
                    line = line[:-1] + ', "meta": {"sumber": "kelurahan", "rt": [1, 2], "skor": ' + skor + "}}"
                f.write(line + "\n")


main()
