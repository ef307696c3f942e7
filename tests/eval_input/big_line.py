#!/usr/bin/env python3
"""Pipes a CSV with one huge line into `jaring eval --records -` and checks that the line ends
as one rejected row, the rows around it are decided, and peak memory stays under a limit.

usage: big_line.py JARING POLICY AS_OF MEGABYTES MAX_RSS_MIB   (MAX_RSS_MIB 0: do not check)
Run from the repository root. Prints the peak RSS it measured.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile


def main() -> int:
    jaring, policy, as_of, megabytes, max_rss = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    header = b"nik,name,birth_date,role,domicile\n"
    good = b"3672010105840001,Ahmad Fauzi,1984-05-01,ketua_rt,36.72\n"
    with tempfile.TemporaryDirectory() as tmp:
        summary = os.path.join(tmp, "summary.json")
        proc = subprocess.Popen([jaring, "eval", policy, "-I", "rules", "--as-of", as_of, "--records", "-",
                                 "--input-format", "csv", "--out", os.path.join(tmp, "decisions.jsonl"),
                                 "--summary", summary], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdin.write(header + good + b"3672030207700002,")
        block = b"x" * (1 << 20)
        for _ in range(megabytes):
            proc.stdin.write(block)
        proc.stdin.write(b",1970-07-02,ketua_rw,36.72\n" + good.replace(b"0001,", b"0003,"))
        proc.stdin.close()
        err = proc.stderr.read().decode("utf-8", "replace")
        status = proc.wait()
        rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{megabytes} MiB line: exit {status}, peak RSS {rss_mib:.1f} MiB")
        if status != 0:
            print(err, file=sys.stderr)
            return 1
        rec = json.load(open(summary))["reconciliation"]
        if (rec["rows_in"], rec["decided"], rec["rejected"], rec["holds"]) != (3, 2, 1, True):
            print(f"unexpected accounting: {rec}", file=sys.stderr)
            return 1
    if max_rss and rss_mib > max_rss:
        print(f"peak RSS {rss_mib:.1f} MiB is over {max_rss} MiB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
