#!/usr/bin/env bash
# Jaring against Jaring on the shipped regions' populations (examples/populations/*: policies
# with quotas and budgets, which cilegon-bench's loop does not decide, so no ratio to it
# exists for them): one build, or two in turn, timed as whole processes, and each one's median
# time and peak RSS printed per region and thread count.
#
#   examples/bench/regions.sh [BUILD_A [BUILD_B]] [RUNS]      # defaults: build/jaring, 5 runs
#
# Environment: RECORDS (default 1000000: each region's spec.json scaled by `jaring synth
# --records`, its quotas unchanged), THREADS (default "1 2"), MODE (summary, the default, or
# csv or jsonl: the decisions written), GAP (seconds the machine idles before each run,
# default 0: runs back to back; a run after a pause may meet memory that the host must back
# again, which runs back to back never do: README "Stop 48"), REGIONS (default every folder of
# examples/populations), WORK (scratch folder, default a fresh one under /dev/shm, else /tmp;
# removed at the end unless KEEP=1).
#
# Each region's policy and as-of date are its `args` file's first and last lines. The builds'
# runs alternate (A, B, A, B, ...); at one thread both runs of a round are held to one vCPU
# (taskset), round k to vCPU k mod n, as examples/bench/run.sh does. With two builds it checks
# that their summaries (and decisions, with MODE csv or jsonl) are byte-identical, and stops
# otherwise. Prints figures only; it judges nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
builds=()
runs=5
for arg in "$@"; do
  case "$arg" in
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    -*)
      echo "regions.sh: unknown option '$arg' (--help for usage)" >&2
      exit 2
      ;;
  esac
  if [[ "$arg" =~ ^[0-9]+$ ]]; then runs="$arg"; else builds+=("$arg"); fi
done
[ "${#builds[@]}" -eq 0 ] && builds=("$root/build/jaring")
if [ "${#builds[@]}" -gt 2 ]; then
  echo "regions.sh: at most two builds (got ${#builds[@]})" >&2
  exit 2
fi
[ "$runs" -ge 1 ] || { echo "regions.sh: RUNS must be 1 or more" >&2; exit 2; }
for b in "${builds[@]}"; do
  [ -x "$b" ] || { echo "regions.sh: $b is not an executable (build first)" >&2; exit 2; }
done
records="${RECORDS:-1000000}"
threads_list="${THREADS:-1 2}"
mode="${MODE:-summary}"
gap="${GAP:-0}"
case "$mode" in
  summary) ext="" ;;
  csv) ext=csv ;;
  jsonl) ext=jsonl ;;
  *) echo "regions.sh: MODE must be summary, csv or jsonl (got '$mode')" >&2; exit 2 ;;
esac
[[ "$records" =~ ^[1-9][0-9]*$ ]] || { echo "regions.sh: RECORDS must be a positive whole number (got '$records')" >&2; exit 2; }
[[ "$gap" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "regions.sh: GAP must be seconds, as 0 or 1.5 (got '$gap')" >&2; exit 2; }
for t in $threads_list; do
  [[ "$t" =~ ^[1-9][0-9]*$ ]] || { echo "regions.sh: THREADS must list positive whole numbers (got '$threads_list')" >&2; exit 2; }
done
if [ -n "${REGIONS:-}" ]; then
  read -r -a regions <<< "$REGIONS"
else
  regions=()
  for d in "$root"/examples/populations/*/; do regions+=("$(basename "$d")"); done
fi
for r in "${regions[@]}"; do
  if [ ! -f "$root/examples/populations/$r/args" ] || [ ! -f "$root/examples/populations/$r/spec.json" ]; then
    echo "regions.sh: no region '$r' in examples/populations" >&2
    exit 2
  fi
done
[ -x /usr/bin/time ] || { echo "regions.sh: /usr/bin/time not found (Debian package 'time')" >&2; exit 2; }

# shellcheck source=examples/bench/common.sh
. "$here/common.sh"
bench_work jaring-regions
export JARING_RUNTIME="${JARING_RUNTIME:-fast}"

echo "regions: $records records each, $runs runs per build, mode $mode, ${gap} s idle before each run"
echo "machine: $cpus cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
for i in "${!builds[@]}"; do echo "build $((i + 1)): ${builds[$i]}"; done
printf '%-28s %7s %12s %12s %8s %12s %12s\n' "region" "threads" "1: ms" "2: ms" "2 / 1" "1: MiB" "2: MiB"
for r in "${regions[@]}"; do
  args="$root/examples/populations/$r/args"
  policy="$root/$(head -1 "$args")"
  as_of="$(tail -1 "$args")"
  pop="$work/$r-$records.csv"
  # Made by the last build named (a spec may use keys an older build does not read: `blank`).
  [ -f "$pop" ] || "${builds[-1]}" synth "$root/examples/populations/$r/spec.json" --records "$records" --out "$pop" > /dev/null 2>&1 ||
    { echo "regions.sh: jaring synth failed for $r" >&2; exit 1; }
  for t in $threads_list; do
    declare -a times=() rss=()
    for i in "${!builds[@]}"; do : > "$work/times.$i"; : > "$work/rss.$i"; done
    for round in $(seq "$runs"); do
      for i in "${!builds[@]}"; do
        out=(--no-decisions)
        [ -n "$ext" ] && out=(--out "$work/decisions.$i.$ext")
        rm -f "$work/decisions.$i.$ext"
        [ "$t" = 1 ] && pin $((round % cpus))
        [ "$gap" != 0 ] && sleep "$gap"
        start=${EPOCHREALTIME/./}
        if ! /usr/bin/time -f '%M' -o "$work/time.out" "${builds[$i]}" eval "$policy" --as-of "$as_of" \
          --records "$pop" --summary "$work/summary.$i.json" --threads "$t" "${out[@]}" \
          > /dev/null 2> "$work/stderr.$i"; then
          echo "regions.sh: ${builds[$i]} failed on $r (threads $t):" >&2
          cat "$work/stderr.$i" >&2
          exit 1
        fi
        end=${EPOCHREALTIME/./}
        unpin
        echo $(((end - start) / 1000)) >> "$work/times.$i"
        tail -1 "$work/time.out" >> "$work/rss.$i"
      done
      if [ "${#builds[@]}" = 2 ]; then
        cmp -s "$work/summary.0.json" "$work/summary.1.json" ||
          { echo "regions.sh: the builds' summaries differ on $r (threads $t)" >&2; exit 1; }
        if [ -n "$ext" ]; then
          cmp -s "$work/decisions.0.$ext" "$work/decisions.1.$ext" ||
            { echo "regions.sh: the builds' decisions differ on $r (threads $t)" >&2; exit 1; }
        fi
      fi
    done
    for i in "${!builds[@]}"; do
      times[i]=$(median < "$work/times.$i")
      rss[i]=$(awk '{ print $1 / 1024 }' "$work/rss.$i" | median)
    done
    if [ "${#builds[@]}" = 2 ]; then
      printf '%-28s %7s %12.0f %12.0f %7.2fx %12.1f %12.1f\n' "$r" "$t" "${times[0]}" "${times[1]}" \
        "$(awk -v a="${times[0]}" -v b="${times[1]}" 'BEGIN { print (a > 0 ? b / a : 0) }')" "${rss[0]}" "${rss[1]}"
    else
      printf '%-28s %7s %12.0f %12s %8s %12.1f %12s\n' "$r" "$t" "${times[0]}" "-" "-" "${rss[0]}" "-"
    fi
  done
done
echo "(medians of whole-process times and peak RSS; at one thread each round held to one vCPU, in turn)"
