#!/usr/bin/env bash
# cilegon-bench: Jaring against the hand-written C++ loop of ../shared/bench/cilegon-bench/,
# on the same generated population, in the same run, in pairs.
#
#   examples/bench/run.sh [RECORDS] [PAIRS]        # defaults: 1000000 records, 5 pairs
#
# Environment: JARING (default build/jaring), BENCH_DIR (default ../shared/bench/cilegon-bench
# next to the repository), WORK (scratch folder, default a fresh one under /dev/shm, else
# /tmp: on tmpfs the disk does not time the outputs, neither the loop's nor Jaring's, whose
# --out is also fsynced before its rename; removed at the end unless KEEP=1), AS_OF
# (default 2024-08-01), JARING_RUNTIME
# (default fast: the run fails rather than time the generic runtime without saying so; set
# generic to time that one).
#
# 1. generates the population (seed 42) and builds the loop with g++ -O2;
# 2. checks that Jaring's aggregates equal the loop's line exactly, and that every decision
#    (eligible, group, payer, JKK, JKM, JHT, total, first reason) equals the loop's row;
# 3. times whole processes with /usr/bin/time: for each mode, PAIRS pairs (loop, then Jaring),
#    and prints the median of the per-pair ratios Jaring / loop, and Jaring's peak RSS. Each
#    run writes a new file: the previous run's output is removed before the clock starts (the
#    loop's and Jaring's alike), so that no figure includes the kernel freeing the pages of
#    the file it replaces (47 ms for JSON Lines' 990 MB here, paid by Jaring's rename).
# 4. times two copies of the loop (and of Jaring's 1-thread summary) started together against
#    one alone, and prints how much a second core gives to work that shares nothing: the
#    ceiling, on this machine, for the gain from Jaring's second thread; and the kernel's writing
#    of JSON Lines' bytes into one file by one writer and by two at once (dd).
# Modes: summary only (the loop's aggregates; Jaring --no-decisions --summary), decisions as
# CSV (the loop's --out; Jaring --out .csv), decisions as JSON Lines (Jaring --out .jsonl),
# each at --threads 1 and 2. Prints figures only; it judges nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
records="${1:-1000000}"
pairs="${2:-5}"
jaring="${JARING:-$root/build/jaring}"
bench_dir="${BENCH_DIR:-$root/../shared/bench/cilegon-bench}"
as_of="${AS_OF:-2024-08-01}"
policy="$here/cilegon-bench.policy"
scratch=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && scratch=/dev/shm
if [ -n "${WORK:-}" ]; then
  work="$WORK"
else  # a scratch folder of our own is removed at the end (on tmpfs it holds memory), unless KEEP=1
  work="$(mktemp -d "$scratch/cilegon-bench.XXXXXX")"
  [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
fi
export JARING_RUNTIME="${JARING_RUNTIME:-fast}"
mkdir -p "$work"

for f in gen_population.py baseline.cpp; do
  [ -f "$bench_dir/$f" ] || { echo "run.sh: $bench_dir/$f not found (set BENCH_DIR)" >&2; exit 2; }
done
[ -x "$jaring" ] || { echo "run.sh: $jaring not found (build first, or set JARING)" >&2; exit 2; }

pop="$work/pop_$records.csv"
[ -f "$pop" ] || python3 "$bench_dir/gen_population.py" "$records" "$pop"
g++ -O2 -std=c++17 -o "$work/baseline" "$bench_dir/baseline.cpp"

# ---- 2. correctness -------------------------------------------------------------------------
"$work/baseline" "$pop" --date "$as_of" > "$work/loop_aggregates.json"
"$work/baseline" "$pop" --date "$as_of" --out "$work/loop_decisions.csv" > /dev/null
"$jaring" eval "$policy" --as-of "$as_of" --records "$pop" --out "$work/jaring_decisions.csv" \
  --summary "$work/jaring_summary.json" --threads 2 2> "$work/jaring_stderr.txt"
python3 "$here/compare.py" "$work/loop_aggregates.json" "$work/jaring_summary.json" \
  "$work/loop_decisions.csv" "$work/jaring_decisions.csv"

# ---- 3. timing --------------------------------------------------------------------------------
# One whole process; prints "seconds peak_kib" (wall time from bash's EPOCHREALTIME, in
# microseconds and read without starting a process: `date` before and after put the start of
# a second process, 2-4 ms here, into every figure; /usr/bin/time's %e has only centiseconds;
# peak RSS from /usr/bin/time).
timed() {
  local start end
  start=${EPOCHREALTIME/[.,]/}
  /usr/bin/time -f "%M" -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2
    exit 1
  }
  end=${EPOCHREALTIME/[.,]/}
  echo "$((end - start))e-6 $(tail -1 "$work/time.txt")"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo
echo "cilegon-bench: $records records, as of $as_of, $pairs pairs per mode"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
printf '%-26s %8s %9s %8s %10s\n' "mode" "loop s" "jaring s" "ratio" "peak MiB"
for threads in 1 2; do
  for mode in summary csv jsonl; do
    case "$mode" in
      summary)
        loop=("$work/baseline" "$pop" --date "$as_of")
        eng=("$jaring" eval "$policy" --as-of "$as_of" --records "$pop" --no-decisions
          --summary "$work/s.json" --threads "$threads") ;;
      csv)
        loop=("$work/baseline" "$pop" --date "$as_of" --out "$work/loop_out.csv")
        eng=("$jaring" eval "$policy" --as-of "$as_of" --records "$pop" --out "$work/out.csv" --threads "$threads") ;;
      jsonl)
        loop=("$work/baseline" "$pop" --date "$as_of" --out "$work/loop_out.csv")
        eng=("$jaring" eval "$policy" --as-of "$as_of" --records "$pop" --out "$work/out.jsonl" --threads "$threads") ;;
    esac
    : > "$work/ratios" ; : > "$work/loops" ; : > "$work/engs" ; : > "$work/rss"
    for _ in $(seq "$pairs"); do
      rm -f "$work/loop_out.csv" "$work/out.csv" "$work/out.jsonl"
      read -r ls _ < <(timed "${loop[@]}")
      read -r es ekib < <(timed "${eng[@]}")
      echo "$ls" >> "$work/loops"
      echo "$es" >> "$work/engs"
      echo "$ekib" >> "$work/rss"
      awk -v e="$es" -v l="$ls" 'BEGIN { printf "%.3f\n", (l > 0 ? e / l : 0) }' >> "$work/ratios"
    done
    median < "$work/engs" > "$work/median_${mode}_${threads}"
    median < "$work/loops" > "$work/loop_median_${mode}_${threads}"
    printf '%-26s %8.3f %9.3f %7.2fx %10.1f\n' "$mode, --threads $threads" "$(median < "$work/loops")" \
      "$(median < "$work/engs")" "$(median < "$work/ratios")" "$(awk '{ print $1 / 1024 }' "$work/rss" | median)"
  done
done
echo "(ratio: median over pairs of Jaring's time / the loop's, both whole processes; scratch: $work;"
echo " runtime: JARING_RUNTIME=$JARING_RUNTIME)"
# The gain from a second thread, in pairs as against the loop: Jaring at --threads 1, then at
# --threads 2, back to back (the machine's speed drifts by ±15 % over minutes, and the table's
# 1-thread and 2-thread rows are timed minutes apart); the median of the pairs' ratios. The
# ratio of the table's two medians is shown beside it.
echo
echo "2 threads against 1 (median over pairs of Jaring's time at --threads 1 / at --threads 2, back to back):"
for mode in summary csv jsonl; do
  case "$mode" in
    summary) args=(--no-decisions --summary "$work/s.json") ;;
    csv) args=(--out "$work/out.csv") ;;
    jsonl) args=(--out "$work/out.jsonl") ;;
  esac
  : > "$work/scaling"
  for _ in $(seq "$pairs"); do
    rm -f "$work/out.csv" "$work/out.jsonl"
    read -r one _ < <(timed "$jaring" eval "$policy" --as-of "$as_of" --records "$pop" "${args[@]}" --threads 1)
    rm -f "$work/out.csv" "$work/out.jsonl"
    read -r two _ < <(timed "$jaring" eval "$policy" --as-of "$as_of" --records "$pop" "${args[@]}" --threads 2)
    awk -v a="$one" -v b="$two" 'BEGIN { printf "%.3f\n", (b > 0 ? a / b : 0) }' >> "$work/scaling"
  done
  printf '  %-8s %5.2fx   (table: %.2fx)\n' "$mode" "$(median < "$work/scaling")" \
    "$(awk -v a="$(cat "$work/median_${mode}_1")" -v b="$(cat "$work/median_${mode}_2")" 'BEGIN { print (b > 0 ? a / b : 0) }')"
done

# ---- 4. the machine's own ceiling for a second thread --------------------------------------------
# Two copies of one single-threaded process started together, against one alone: 2 × (time of
# one alone) / (time until both finish) is the most a second core gives here to work that
# shares nothing (on a VM whose two vCPUs share a physical core, or compete with the host,
# it is well under 2).
together() {
  local start end
  start=${EPOCHREALTIME/[.,]/}
  "$@" > /dev/null 2>&1 &
  local first=$!
  "$@" > /dev/null 2>&1
  wait "$first"
  end=${EPOCHREALTIME/[.,]/}
  echo "$((end - start))e-6"
}
echo
echo "the machine's ceiling for a second core (two copies at once against one alone, median):"
for who in loop jaring; do
  if [ "$who" = loop ]; then cmd=("$work/baseline" "$pop" --date "$as_of")
  else cmd=("$jaring" eval "$policy" --as-of "$as_of" --records "$pop" --no-decisions --threads 1); fi
  : > "$work/ceiling"
  for _ in $(seq "$pairs"); do
    read -r one _ < <(timed "${cmd[@]}")
    two=$(together "${cmd[@]}")
    awk -v a="$one" -v b="$two" 'BEGIN { printf "%.3f\n", (b > 0 ? 2 * a / b : 0) }' >> "$work/ceiling"
  done
  printf '  %-8s %5.2fx\n' "$who" "$(median < "$work/ceiling")"
done

# The kernel's part of JSON Lines: its bytes written into a new file by one writer, and by two at
# once (each half, as Jaring's two workers write their blocks at their places). A file takes one
# write at a time (tmpfs and ext4 hold its lock through each), so a second writer gains little:
# that share of a JSON Lines run stays serial however many threads decide.
if [ -f "$work/out.jsonl" ]; then
  mib=$(( ($(stat -c %s "$work/out.jsonl") + 1048575) / 1048576 ))
  half=$(( (mib + 1) / 2 ))
  write_one() { dd if=/dev/zero of="$work/dd.out" bs=1M count="$mib" status=none; }
  write_two() {
    dd if=/dev/zero of="$work/dd.out" bs=1M count="$half" conv=notrunc status=none &
    local first=$!
    dd if=/dev/zero of="$work/dd.out" bs=1M seek="$half" count="$((mib - half))" conv=notrunc status=none
    wait "$first"
  }
  : > "$work/write_one" ; : > "$work/write_two"
  for _ in $(seq "$pairs"); do
    for who in one two; do
      rm -f "$work/dd.out"
      start=${EPOCHREALTIME/[.,]/}
      "write_$who"
      end=${EPOCHREALTIME/[.,]/}
      echo "$((end - start))e-6" >> "$work/write_$who"
    done
  done
  rm -f "$work/dd.out"
  one=$(median < "$work/write_one")
  two=$(median < "$work/write_two")
  echo
  printf "JSON Lines' %d MiB written into a new file (dd, 1 MiB writes, median): one writer %.3f s, two at once %.3f s (%.2fx)\n" \
    "$mib" "$one" "$two" "$(awk -v a="$one" -v b="$two" 'BEGIN { print (b > 0 ? a / b : 0) }')"
  # Against the loop's --out (its JSON Lines pairs at one thread): what the write alone leaves of
  # the JSON Lines ratio's bar, before anything is decided or rendered.
  loop=$(cat "$work/loop_median_jsonl_1")
  printf "  the write alone is %.2fx the loop's --out (%.3f s)\n" \
    "$(awk -v a="$one" -v l="$loop" 'BEGIN { print (l > 0 ? a / l : 0) }')" "$loop"
fi
