#!/usr/bin/env python3
"""Posts one record to a `jaring serve` and prints the decision (standard library only).

    python3 examples/api/client.py [--url http://127.0.0.1:8080] [--policy regions/cilegon-2024]
                                   [--as-of 2024-08-01] [--explain [--lang en]] [RECORD_JSON | -]

Without RECORD_JSON a sample record is sent; `-` reads it from standard input. Prints the
decision as JSON (or, with --explain, its explanation) and exits 0; on an error prints the
problem (status, title, detail and each field error) to stderr and exits 1.
"""
import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

SAMPLE = {"nik": "3672010105840001", "name": "Siti Aminah", "role": "ketua_rt",
          "birth_date": "1984-05-01", "domicile": "36.72"}


def decide(url, policy, as_of, record, explain=False, lang="id"):
    """The decision (a dict); raises urllib.error.HTTPError with the problem on failure."""
    query = {"as_of": as_of}
    if explain:
        query.update(explain="true", lang=lang)
    endpoint = f"{url.rstrip('/')}/v1/policies/{policy}/decisions?{urllib.parse.urlencode(query)}"
    request = urllib.request.Request(endpoint, data=json.dumps(record).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def print_problem(error):
    try:
        problem = json.load(error)
    except ValueError:
        print(f"HTTP {error.code} {error.reason}", file=sys.stderr)
        return
    print(f"HTTP {problem.get('status', error.code)} {problem.get('title')}: {problem.get('detail')}", file=sys.stderr)
    for e in problem.get("errors", []):
        where = e.get("pointer") or e.get("parameter") or ""
        print(f"  {where}: {e.get('detail')}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("record", nargs="?", help="the record as JSON, or - for standard input")
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--policy", default="regions/cilegon-2024", help="policy id (GET /v1/policies lists them)")
    parser.add_argument("--as-of", default="2024-08-01")
    parser.add_argument("--explain", action="store_true", help="print the explanation instead of the JSON")
    parser.add_argument("--lang", default="id", choices=["id", "en"])
    args = parser.parse_args()
    text = sys.stdin.read() if args.record == "-" else args.record
    record = json.loads(text) if text else SAMPLE
    try:
        decision = decide(args.url, args.policy, args.as_of, record, args.explain, args.lang)
    except urllib.error.HTTPError as e:
        print_problem(e)
        return 1
    except urllib.error.URLError as e:
        print(f"cannot reach {args.url}: {e.reason}", file=sys.stderr)
        return 1
    if args.explain:
        print(decision["explanation"], end="")
    else:
        print(json.dumps(decision, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
