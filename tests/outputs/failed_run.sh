#!/bin/sh
# A run that fails leaves every output as it was: outputs are written to temporary files and
# all renamed into place only after everything succeeded (engine/base/output_file.hpp).
# Usage (from the repository root): failed_run.sh JARING WORKDIR
set -u
jaring=$1 work=$2
rm -rf "$work" && mkdir -p "$work/out" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
city="eval examples/eval/city/policy.policy -I rules --as-of 2024-03-21 --threads 1 --records examples/eval/city/records.csv"
outputs="--out $work/out/decisions.jsonl --rejects $work/out/rejects.csv"
listing() { ls -A "$work/out" | tr '\n' ' '; }

# 1. The summary cannot be written: neither decisions nor rejects appear, no temporary file stays.
"$jaring" $city $outputs --summary /dev/full 2>"$work/stderr"
status=$?
[ $status -eq 74 ] || fail "summary on /dev/full: exit $status, expected 74"
grep -q 'cannot write `/dev/full`: No space left on device' "$work/stderr" || fail "no message: $(cat "$work/stderr")"
[ -z "$(listing)" ] || fail "a failed run left: $(listing)"

# 2. Standard output fails (decisions go there): the summary does not appear.
"$jaring" $city --summary "$work/out/summary.json" >/dev/full 2>"$work/stderr"
status=$?
[ $status -eq 74 ] || fail "standard output on /dev/full: exit $status, expected 74"
grep -q 'cannot write standard output: No space left on device' "$work/stderr" || fail "no message: $(cat "$work/stderr")"
[ -z "$(listing)" ] || fail "a failed run left: $(listing)"

# 3. Previous outputs stay as they were.
echo previous >"$work/out/decisions.jsonl"
echo previous >"$work/out/rejects.csv"
"$jaring" $city $outputs --summary /dev/full 2>/dev/null
[ $? -eq 74 ] || fail "summary on /dev/full over previous outputs: not exit 74"
[ "$(cat "$work/out/decisions.jsonl") $(cat "$work/out/rejects.csv")" = "previous previous" ] ||
  fail "a failed run changed the previous outputs"
[ "$(listing)" = "decisions.jsonl rejects.csv " ] || fail "a failed run left: $(listing)"

# 4. The same run that can write its summary replaces all three, as pinned in the scenario.
"$jaring" $city $outputs --summary "$work/out/summary.json" 2>/dev/null || fail "the run failed"
for f in decisions.jsonl rejects.csv summary.json; do
  cmp -s "examples/eval/city/expected/$f" "$work/out/$f" || fail "\`$f\` is not as pinned"
done
[ "$(listing)" = "decisions.jsonl rejects.csv summary.json " ] || fail "left: $(listing)"
echo "failed runs left every output as it was"
