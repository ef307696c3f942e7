#!/usr/bin/env python3
"""--out-delimiter writes the same CSV cells with another delimiter, in both runtimes alike.

usage: out_delimiter.py JARING POLICY RECORDS AS_OF [-I DIR]

To the scenario's records are added rows whose ids hold a comma, a quote, a `;`, a `|` and a
tab (rejected: not a NIK), so that cells of every kind are written. Then, for each of
semicolon, tab and pipe, `jaring eval --out d.csv --rejects r.csv --out-delimiter NAME` runs
with JARING_RUNTIME=fast and generic, at --threads 1 and 2, and the script checks that:
- every run writes the same bytes, decisions and rejects;
- read with that delimiter (Python's csv module), both files hold exactly the cells of the
  comma run's, row by row;
- the delimiter is between the cells: the header's names are split by it.
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

ODD_IDS = ['1,2', 'a"b', "p;q", "x|y", "t\tab", '";,|"']
DELIMITERS = {"semicolon": ";", "tab": "\t", "pipe": "|"}


def run(args, env=None):
    r = subprocess.run(args, capture_output=True, env=env)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)}: exit {r.returncode}\n{r.stderr.decode()}")


def cells(data, delimiter):
    return list(csv.reader(io.StringIO(data.decode("utf-8", "surrogateescape"), newline=""), delimiter=delimiter))


def main():
    jaring, policy, records, as_of, *extra = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        with open(records, encoding="utf-8", errors="surrogateescape", newline="") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        nik = [name.lstrip("\ufeff") for name in header].index("nik")  # after a BOM, if any
        for odd in ODD_IDS:
            row = list(rows[1])
            row[nik] = odd
            rows.append(row)
        given = os.path.join(tmp, "records.csv")
        with open(given, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)

        def decide(name, runtime, threads, delimiter=None):
            d, r = os.path.join(tmp, f"{name}.csv"), os.path.join(tmp, f"{name}-rejects.csv")
            args = [jaring, "eval", policy, "--as-of", as_of, "--records", given, "--out", d, "--rejects", r,
                    "--threads", str(threads), *extra]
            if delimiter:
                args += ["--out-delimiter", delimiter]
            run(args, {**os.environ, "JARING_RUNTIME": runtime})
            with open(d, "rb") as f1, open(r, "rb") as f2:
                return f1.read(), f2.read()

        comma = decide("comma", "generic", 1)
        if comma != decide("comma-fast", "fast", 2):
            sys.exit("the comma CSV differs between the runtimes")
        want = [cells(text, ",") for text in comma]
        if len(want[1]) <= len(ODD_IDS):
            sys.exit(f"expected a rejects row for each odd id, got {want[1]}")
        for name, char in DELIMITERS.items():
            runs = {(rt, t): decide(f"{name}-{rt}-{t}", rt, t, name) for rt in ("fast", "generic") for t in (1, 2)}
            first = runs[("generic", 1)]
            for key, got in runs.items():
                if got != first:
                    sys.exit(f"--out-delimiter {name}: {key} wrote other bytes than generic at 1 thread")
            for text, expected, what in zip(first, want, ("decisions", "rejects")):
                if cells(text, char) != expected:
                    sys.exit(f"--out-delimiter {name}: the {what}' cells are not the comma run's")
                if text.split(b"\n", 1)[0].split(char.encode()) != [c.encode() for c in expected[0]]:
                    sys.exit(f"--out-delimiter {name}: the {what}' header is not split by it")
    print("ok")


if __name__ == "__main__":
    main()
