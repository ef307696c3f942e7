# shellcheck shell=bash
# Shared by examples/bench/run.sh and regions.sh (sourced, not run): the scratch folder, the
# median of a column of numbers, and holding the shell to one vCPU.

# Sets `work` to $WORK (made if missing), or to a fresh folder NAME.XXXXXX under /dev/shm (else
# /tmp) that is removed at exit unless KEEP=1 (on tmpfs it holds memory).
bench_work() {
  local scratch=/tmp
  [ -d /dev/shm ] && [ -w /dev/shm ] && scratch=/dev/shm
  if [ -n "${WORK:-}" ]; then
    work="$WORK"
    mkdir -p "$work"
  else
    work="$(mktemp -d "$scratch/$1.XXXXXX")"
    [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
  fi
}

# The median of the numbers on standard input, one a line (0 for none).
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Holding this shell (and so every process it starts) to one vCPU, or letting it go: set on the
# shell rather than by `taskset CMD`, so that no extra process start falls inside a timing.
# Without taskset or with one vCPU, nothing is held and every figure is as unpinned.
cpus=$(nproc)
pinning=0
if command -v taskset > /dev/null && [ "$cpus" -ge 2 ]; then pinning=1; fi
all_cpus=$(taskset -pc $$ 2> /dev/null | sed 's/.*: //' || true)
pin() { [ "$pinning" = 1 ] && taskset -pc "$1" $$ > /dev/null; return 0; }
unpin() { [ "$pinning" = 1 ] && taskset -pc "$all_cpus" $$ > /dev/null; return 0; }
