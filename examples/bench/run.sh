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
#    and prints the median of the per-pair ratios Jaring / loop, and Jaring's peak RSS. At one
#    thread both runs of a pair are held to one vCPU (taskset), pair k to vCPU k mod n: a VM's
#    vCPUs need not run at one speed (this one's have run at 1 and 0,66 of it), and a pair split
#    across two of them timed the placement, not the programs. Each
#    run writes a new file: the previous run's output is removed before the clock starts (the
#    loop's and Jaring's alike), so that no figure includes the kernel freeing the pages of
#    the file it replaces (47 ms for JSON Lines' 990 MB here, paid by Jaring's rename).
# 4. the gain from a second thread: in rounds, Jaring at --threads 1 held to each vCPU in turn,
#    then at --threads 2, against one thread on the faster vCPU (the least a user sees);
# 5. the machine's ceiling for that gain: the loop (and Jaring's 1-thread summary) alone on each
#    vCPU, then one copy on each at once; and the kernel's writing of JSON Lines' bytes into
#    one file by one writer and by two at once (dd);
# 6. the summary on the same population with some ids repeated (REPEATED, below).
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
# shellcheck source=examples/bench/common.sh
. "$here/common.sh"
bench_work cilegon-bench
export JARING_RUNTIME="${JARING_RUNTIME:-fast}"
mkdir -p "$work"

for f in gen_population.py baseline.cpp; do
  [ -f "$bench_dir/$f" ] || { echo "run.sh: $bench_dir/$f not found (set BENCH_DIR)" >&2; exit 2; }
done
[ -x "$jaring" ] || { echo "run.sh: $jaring not found (build first, or set JARING)" >&2; exit 2; }
# Section 6's share of rows given an earlier row's id, checked before minutes of timing.
repeated="${REPEATED:-2}"
[[ "$repeated" =~ ^([0-9]{1,2}(\.[0-9]+)?|100)$ ]] ||
  { echo "run.sh: REPEATED must be a percentage from 0 to 100 (got '$repeated')" >&2; exit 2; }

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
timed() {  # files of its own: section 5 runs two at once
  local start end files="$work/timed.$BASHPID"
  start=${EPOCHREALTIME/[.,]/}
  /usr/bin/time -f "%M" -o "$files.time" "$@" > /dev/null 2> "$files.stderr" || {
    cat "$files.stderr" >&2
    exit 1
  }
  end=${EPOCHREALTIME/[.,]/}
  echo "$((end - start))e-6 $(tail -1 "$files.time")"
  rm -f "$files.time" "$files.stderr"
}


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
    for pair in $(seq "$pairs"); do
      rm -f "$work/loop_out.csv" "$work/out.csv" "$work/out.jsonl"
      [ "$threads" = 1 ] && pin $((pair % cpus))
      read -r ls _ < <(timed "${loop[@]}")
      read -r es ekib < <(timed "${eng[@]}")
      unpin
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
echo " runtime: JARING_RUNTIME=$JARING_RUNTIME; at --threads 1 $( [ "$pinning" = 1 ] && echo "each pair held to one vCPU, in turn" || echo "unpinned"))"
# The gain from a second thread, in rounds back to back (the machine's speed drifts by ±15 %
# over minutes, and the table's 1-thread and 2-thread rows are timed minutes apart): Jaring at
# --threads 1 held to each vCPU in turn, then at --threads 2 on both; the gain is against one
# thread on the faster vCPU (the least a user sees). Medians over rounds; the ratio of the
# table's two medians is shown beside them. Section 5 gives the ceiling to read it against.
echo
if [ "$pinning" = 1 ]; then
  echo "2 threads against 1 (median over rounds: --threads 1 on each vCPU alone, then --threads 2 on both):"
  printf '  %-8s %10s %10s %10s %8s  %s\n' mode "1t vCPU0" "1t vCPU1" "2 threads" "gain" "(table)"
else
  echo "2 threads against 1 (median over pairs: --threads 1, then --threads 2, unpinned):"
fi
for mode in summary csv jsonl; do
  case "$mode" in
    summary) args=(--no-decisions --summary "$work/s.json") ;;
    csv) args=(--out "$work/out.csv") ;;
    jsonl) args=(--out "$work/out.jsonl") ;;
  esac
  : > "$work/scaling" ; : > "$work/one0" ; : > "$work/one1" ; : > "$work/twos"
  for _ in $(seq "$pairs"); do
    if [ "$pinning" = 1 ]; then
      for k in 0 1; do
        rm -f "$work/out.csv" "$work/out.jsonl"
        pin "$k"
        read -r t _ < <(timed "$jaring" eval "$policy" --as-of "$as_of" --records "$pop" "${args[@]}" --threads 1)
        unpin
        echo "$t" >> "$work/one$k"
      done
      one=$(awk -v a="$(tail -1 "$work/one0")" -v b="$(tail -1 "$work/one1")" 'BEGIN { print (a < b) ? a : b }')
    else
      rm -f "$work/out.csv" "$work/out.jsonl"
      read -r one _ < <(timed "$jaring" eval "$policy" --as-of "$as_of" --records "$pop" "${args[@]}" --threads 1)
    fi
    rm -f "$work/out.csv" "$work/out.jsonl"
    read -r two _ < <(timed "$jaring" eval "$policy" --as-of "$as_of" --records "$pop" "${args[@]}" --threads 2)
    echo "$two" >> "$work/twos"
    awk -v a="$one" -v b="$two" 'BEGIN { printf "%.3f\n", (b > 0 ? a / b : 0) }' >> "$work/scaling"
  done
  table=$(awk -v a="$(cat "$work/median_${mode}_1")" -v b="$(cat "$work/median_${mode}_2")" 'BEGIN { print (b > 0 ? a / b : 0) }')
  if [ "$pinning" = 1 ]; then
    printf '  %-8s %9.3fs %9.3fs %9.3fs %7.2fx  (%.2fx)\n' "$mode" "$(median < "$work/one0")" \
      "$(median < "$work/one1")" "$(median < "$work/twos")" "$(median < "$work/scaling")" "$table"
  else
    printf '  %-8s %5.2fx   (table: %.2fx)\n' "$mode" "$(median < "$work/scaling")" "$table"
  fi
done

# ---- 5. the machine's own ceiling for a second thread --------------------------------------------
# One single-threaded process alone on each vCPU, then two copies at once, one held to each
# vCPU, each timed to its own end. Together they do 1/t0' + 1/t1' runs a second; one alone on
# the faster vCPU 1/t_fast: the ceiling for a second thread on work that shares nothing is
# t_fast × (1/t0' + 1/t1'). It is under 2 when the vCPUs run at different speeds (a VM's need
# not: this one's have run at 1 and 0,66 of a speed) or slow each other when both are busy
# (the host's cores share caches, memory and clocks). Unpinned: two copies started together
# against one alone, 2 × t_alone / t_both.
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
if [ "$pinning" = 1 ]; then
  echo "the machine's ceiling for a second thread (median over rounds: one copy alone on each vCPU, then one on each at once):"
  printf '  %-8s %10s %10s %12s %12s %8s\n' "" "alone 0" "alone 1" "together 0" "together 1" ceiling
else
  echo "the machine's ceiling for a second core (two copies at once against one alone, median):"
fi
for who in loop jaring; do
  if [ "$who" = loop ]; then cmd=("$work/baseline" "$pop" --date "$as_of")
  else cmd=("$jaring" eval "$policy" --as-of "$as_of" --records "$pop" --no-decisions --threads 1); fi
  : > "$work/ceiling" ; : > "$work/alone0" ; : > "$work/alone1" ; : > "$work/together0" ; : > "$work/together1"
  for _ in $(seq "$pairs"); do
    if [ "$pinning" = 1 ]; then
      for k in 0 1; do
        pin "$k"
        timed "${cmd[@]}" | cut -d' ' -f1 >> "$work/alone$k"
        unpin
      done
      pin 0
      timed "${cmd[@]}" | cut -d' ' -f1 > "$work/corun0" &
      corun=$!
      pin 1
      timed "${cmd[@]}" | cut -d' ' -f1 > "$work/corun1"
      wait "$corun"
      unpin
      cat "$work/corun0" >> "$work/together0"
      cat "$work/corun1" >> "$work/together1"
      awk -v a="$(tail -1 "$work/alone0")" -v b="$(tail -1 "$work/alone1")" -v c="$(cat "$work/corun0")" \
        -v d="$(cat "$work/corun1")" 'BEGIN { f = (a < b) ? a : b; printf "%.3f\n", f * (1 / c + 1 / d) }' >> "$work/ceiling"
    else
      read -r one _ < <(timed "${cmd[@]}")
      two=$(together "${cmd[@]}")
      awk -v a="$one" -v b="$two" 'BEGIN { printf "%.3f\n", (b > 0 ? 2 * a / b : 0) }' >> "$work/ceiling"
    fi
  done
  if [ "$pinning" = 1 ]; then
    printf '  %-8s %9.3fs %9.3fs %11.3fs %11.3fs %7.2fx\n' "$who" "$(median < "$work/alone0")" "$(median < "$work/alone1")" \
      "$(median < "$work/together0")" "$(median < "$work/together1")" "$(median < "$work/ceiling")"
  else
    printf '  %-8s %5.2fx\n' "$who" "$(median < "$work/ceiling")"
  fi
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

# 6. Ids that repeat, as lists gathered from several offices have them: the same population
#    with REPEATED % of its rows (default 2; 0 leaves the section out) given the id of an
#    earlier row (seeded), so that every copy of each becomes not eligible with `duplicate_id`
#    and names the lines of the others. The loop does not look for repeated ids: its time on the
#    same file is for scale, and its aggregates are not Jaring's. Summary only, in pairs as
#    above, at 1 and 2 threads.
if [ "$repeated" != 0 ]; then
  dup="$work/pop_${records}_repeated_$repeated.csv"
  # Written under a temporary name and renamed once whole: an interrupted run leaves no
  # half-written population for the next to reuse.
  [ -f "$dup" ] || { python3 - "$pop" "$dup.tmp" "$repeated" <<'PY' && mv "$dup.tmp" "$dup"; }
import random, sys
src, dst, share = sys.argv[1], sys.argv[2], float(sys.argv[3]) / 100
rng = random.Random(2024)
ids = []
with open(src) as f, open(dst, "w") as out:
    out.write(f.readline())
    for line in f:
        nik, rest = line.split(",", 1)
        if ids and rng.random() < share:
            nik = rng.choice(ids)
        else:
            ids.append(nik)
        out.write(nik + "," + rest)
PY
  echo
  echo "ids that repeat: $repeated % of the rows given an earlier row's id (the loop does not look for them):"
  printf '  %-24s %8s %9s %8s\n' "mode" "loop s" "jaring s" "ratio"
  for threads in 1 2; do
    : > "$work/ratios" ; : > "$work/loops" ; : > "$work/engs"
    for pair in $(seq "$pairs"); do
      [ "$threads" = 1 ] && pin $((pair % cpus))
      read -r ls _ < <(timed "$work/baseline" "$dup" --date "$as_of")
      read -r es _ < <(timed "$jaring" eval "$policy" --as-of "$as_of" --records "$dup" --no-decisions \
        --summary "$work/s_repeated.json" --threads "$threads")
      unpin
      echo "$ls" >> "$work/loops"
      echo "$es" >> "$work/engs"
      awk -v e="$es" -v l="$ls" 'BEGIN { printf "%.3f\n", (l > 0 ? e / l : 0) }' >> "$work/ratios"
    done
    printf '  %-24s %8.3f %9.3f %7.2fx\n' "summary, --threads $threads" "$(median < "$work/loops")" \
      "$(median < "$work/engs")" "$(median < "$work/ratios")"
  done
  printf '  records not eligible for a repeated id: %s\n' \
    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["reasons"].get("duplicate_id", 0))' "$work/s_repeated.json")"
fi
