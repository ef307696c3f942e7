#!/usr/bin/env python3
"""Validates decision JSON Lines against engine/io/decision.schema.json (JSON Schema 2020-12).

Usage: validate_decisions.py SCHEMA FILE.jsonl...

Every line of every file must be valid. Before that, the validator proves it can fail: a
decision with a misspelt status, one without `policy` and one with an unknown key must each be
refused, so a schema that accepts everything cannot pass this test.
"""
import json
import sys

import jsonschema


def main() -> int:
    schema_path, *files = sys.argv[1:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    checked = 0
    first = None
    for path in files:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                decision = json.loads(line)
                first = first or decision
                errors = sorted(validator.iter_errors(decision), key=lambda e: list(e.path))
                if errors:
                    for e in errors:
                        print(f"{path}:{number}: {'/'.join(map(str, e.path))}: {e.message}")
                    return 1
                checked += 1
    if first is None:
        print("no decisions to validate")
        return 1

    broken = [dict(first, status="elligible"), {k: v for k, v in first.items() if k != "policy"},
              dict(first, surprise=1)]
    for b in broken:
        if validator.is_valid(b):
            print("the schema accepted a broken decision:", json.dumps(b)[:200])
            return 1
    print(f"{checked} decisions valid in {len(files)} files; 3 broken ones refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
