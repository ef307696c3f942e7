#!/usr/bin/env bash
# Fuzzes every libFuzzer target of a JARING_FUZZ build for a bounded time, all at once (one
# process each), starting from its seeds and regressions. Fails when a target finds a crash,
# a leak, a timeout or an out-of-memory, and names the input that reproduces it: replay it
# with `BUILD/tests/fuzz/TARGET FILE`; once fixed, add it to tests/fuzz/regressions/TARGET/.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]   (default 120 seconds per target)
set -euo pipefail
build=$(cd "$1" && pwd)
seconds=${2:-120}
src=$(cd "$(dirname "$0")" && pwd)
out=$build/tests/fuzz/run
targets=(fuzz_policy fuzz_records fuzz_fast_lane fuzz_lsp)
rm -rf "$out"
pids=()
for t in "${targets[@]}"; do
  mkdir -p "$out/$t/corpus" "$out/$t/crashes"
  cp "$build/tests/fuzz/seeds/$t/"* "$out/$t/corpus/"
  dict=()
  [ -f "$src/$t.dict" ] && dict=(-dict="$src/$t.dict")
  # Inputs up to 4 KB: long enough for any construct, short enough to stay clear of the
  # deep-nesting class (stack depth) that needs its own tests. -entropic=0: libFuzzer 14's
  # default (entropic) schedule spends most of its time in UpdateFeatureFrequency with as many
  # coverage features as the PEGTL grammar gives (1 input a second instead of some hundreds).
  "$build/tests/fuzz/$t" -max_total_time="$seconds" -max_len=4096 -entropic=0 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 "${dict[@]}" -artifact_prefix="$out/$t/crashes/" "$out/$t/corpus" "$src/regressions/$t" \
    > "$out/$t/log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!targets[@]}"; do
  t=${targets[$i]}
  if wait "${pids[$i]}"; then
    echo "$t: no crash in ${seconds}s ($(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' "$out/$t/log" || true))"
  else
    failed=1
    grep -E '^==[0-9]+==ERROR|runtime error|^SUMMARY|fuzz_(policy|records|fast_lane|lsp):' "$out/$t/log" | head -5 || true
    for f in "$out/$t/crashes/"*; do [ -e "$f" ] && echo "$t: FAILED, reproducer: $f"; done
    echo "$t: log in $out/$t/log"
  fi
done
exit "$failed"
