#!/bin/sh
# Feeds a scenario's records.jsonl to `jaring eval` in reverse order through standard input and
# checks that the decisions are those pinned in its expected/decisions.jsonl, apart from `line`
# and the order of output lines: ranks, quotas and budgets must not depend on input order.
# Usage (from the repository root): same_decisions_reversed.sh JARING SCENARIO_DIR AS_OF WORKDIR
set -eu
jaring=$1 dir=$2 as_of=$3 work=$4
mkdir -p "$work"
tac "$dir/records.jsonl" |
  "$jaring" eval "$dir/policy.policy" -I rules --as-of "$as_of" --records - --input-format jsonl >"$work/reversed.jsonl"
sed 's/"line":[0-9]*,//' "$work/reversed.jsonl" | sort >"$work/actual"
sed 's/"line":[0-9]*,//' "$dir/expected/decisions.jsonl" | sort >"$work/expected"
if ! cmp -s "$work/expected" "$work/actual"; then
  echo "decisions differ when the input is reversed:"
  diff "$work/expected" "$work/actual" || true
  exit 1
fi
