#!/bin/sh
# kill -9 in the middle of `jaring eval --out`: the output's name then holds the previous
# complete file, or nothing when there was none, never a partial file. The run is killed as soon
# as output reaches the disk (the temporary file `.NAME.*` or, without safe outputs, NAME
# itself changes), so the test waits on events, never on a time; on a machine fast enough to
# finish first the run is only checked to be complete.
# Usage (from the repository root): kill9.sh JARING WORKDIR [RECORDS]  (default 300000; fewer
# under the sanitizers, where every record costs more)
set -u
jaring=$1 work=$2 records=${3:-300000}
policy=rules/regions/cilegon-2024.policy
rm -rf "$work" && mkdir -p "$work" || exit 1
"$jaring" synth examples/synth/cilegon-2024.json --records "$records" --out "$work/population.csv" 2>/dev/null || exit 1
eval_to() {
  "$jaring" eval $policy --as-of 2024-08-01 --records "$work/population.csv" --out "$1" 2>/dev/null
}

alive() {  # a running (not zombie) process
  [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]
}

size_of() { if [ -e "$1" ]; then wc -c <"$1"; else echo none; fi; }

# Starts `jaring eval --out $1`, kills it with SIGKILL once output is on disk; sets `status`.
eval_and_kill() {
  out=$1 before=$(size_of "$1")
  # Started directly (not through eval_to), so that $! is jaring itself, not a subshell.
  "$jaring" eval $policy --as-of 2024-08-01 --records "$work/population.csv" --out "$out" 2>/dev/null &
  pid=$!
  while alive $pid; do
    for temp in "$(dirname "$out")/.$(basename "$out")".*; do
      if [ -s "$temp" ]; then kill -9 $pid; break 2; fi
    done
    if [ "$(size_of "$out")" != "$before" ]; then kill -9 $pid; break; fi
    sleep 0.02
  done
  wait $pid
  status=$?
}

fail() { echo "FAIL: $*"; exit 1; }

eval_to "$work/complete.jsonl" || fail "a complete run failed"

# 1. No previous file: after kill -9 there is no file under the final name.
eval_and_kill "$work/out.jsonl"
if [ $status -eq 137 ]; then
  [ -e "$work/out.jsonl" ] && fail "killed run left \`out.jsonl\` ($(size_of "$work/out.jsonl") bytes)"
  echo "killed; no \`out.jsonl\`"
else
  [ $status -eq 0 ] || fail "exit $status"
  cmp -s "$work/complete.jsonl" "$work/out.jsonl" || fail "finished run left an incomplete \`out.jsonl\`"
  echo "note: the run finished before it could be killed"
fi

# 2. A previous complete file: after kill -9 it is still there, byte for byte.
cp "$work/complete.jsonl" "$work/previous.jsonl"
eval_and_kill "$work/previous.jsonl"
[ $status -eq 137 ] || [ $status -eq 0 ] || fail "exit $status"
cmp -s "$work/complete.jsonl" "$work/previous.jsonl" ||
  fail "after kill -9 \`previous.jsonl\` is not the previous complete file ($(size_of "$work/previous.jsonl") bytes)"
echo "killed or finished; \`previous.jsonl\` is the previous complete file"
