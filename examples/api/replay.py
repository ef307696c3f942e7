#!/usr/bin/env python3
"""Reproduces the decisions of a `jaring serve --decision-log` file with `jaring eval`.

    python3 examples/api/replay.py [--jaring build/jaring] [--policies DIR] decisions.jsonl

For each line it runs `jaring eval FILE --as-of AS_OF --record RECORD` (FILE is the logged
policy file, or DIR/<policy id>.policy with --policies; with `--date-format` when the request
read its dates in a `date_format`) and compares the result with the logged
decision (`line`, a record's position in a batch, is 1 for `eval --record`). A line whose policy
file no longer has the logged hash is reported as such. Masked lines (the default log) keep too
little to decide again (a NIK's first 6 digits, a birth year, a region's regency part): they are
counted and skipped; run the server with --log-unmasked where a log must be replayable. Exit
status 0 when every unmasked decision is reproduced, 1 otherwise. Standard library only.
"""
import argparse
import json
import os
import subprocess
import sys


def replay_line(jaring, entry, policies):
    policy = entry["policy"]
    path = os.path.join(policies, policy["id"] + ".policy") if policies else policy["file"]
    record = entry["record"]
    dates = ["--date-format", entry["date_format"]] if "date_format" in entry else []
    out = subprocess.run([jaring, "eval", path, "--as-of", entry["as_of"], "--record", json.dumps(record), *dates],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return f"jaring eval failed: {out.stderr.strip()}"
    got = json.loads(out.stdout)
    want = dict(entry["decision"], line=1)
    if got["policy"]["hash"] != policy["hash"]:
        return f"the policy file `{path}` has changed since (hash {got['policy']['hash']})"
    if got != want:
        keys = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
        return "different " + ", ".join(keys)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log", help="the decision log (JSON Lines)")
    parser.add_argument("--jaring", default="build/jaring", help="the jaring executable")
    parser.add_argument("--policies", help="the served policy folder (default: the logged file paths)")
    args = parser.parse_args()
    total = reproduced = masked = 0
    with open(args.log, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            entry = json.loads(line)
            if entry["masked"]:
                masked += 1
                continue
            total += 1
            problem = replay_line(args.jaring, entry, args.policies)
            if problem:
                print(f"{entry['decision_id']}: NOT reproduced: {problem}")
            else:
                reproduced += 1
    print(f"{reproduced} of {total} decisions reproduced")
    if masked:
        print(f"{masked} masked decision{'s' if masked != 1 else ''} skipped: a masked log cannot be replayed "
              "(serve with --log-unmasked where a replayable log is needed)")
    return 0 if reproduced == total else 1


if __name__ == "__main__":
    sys.exit(main())
