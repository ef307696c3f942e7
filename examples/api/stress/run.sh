#!/usr/bin/env bash
# The issue-12 load figures of `jaring serve` on loopback, one server for all of them:
#   (c) single-record throughput with wrk: 8 connections, 2 threads, 10 s (../post.lua);
#   (a) valid requests while 2.000 idle connections and 50 slow senders are open (idle_slow.py);
#   (b) memory under 16 concurrent bodies over --max-body, then 16 at --max-body with far too
#       many records (big_bodies.py).
# Prints each tool's RESULT lines, then a table for the README. Exits 1 if a check failed.
#
#   JARING=build/jaring examples/api/stress/run.sh [POLICIES]      # POLICIES defaults to rules/
#
# Environment: JARING (build/jaring), DURATION (wrk, 10s), SERVE_ARGS (extra `jaring serve`
# options, e.g. "--threads 64"). Build Release first. Needs wrk, curl and python3.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
jaring=${JARING:-build/jaring}
policies=${1:-rules}
duration=${DURATION:-10s}
read -r -a serve_args <<<"${SERVE_ARGS:-}"
[ -x "$jaring" ] || { echo "run.sh: $jaring is not an executable (set JARING)" >&2; exit 2; }
[ -d "$policies" ] || { echo "run.sh: $policies is not a folder" >&2; exit 2; }
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed" >&2; exit 2; }

tmp=$(mktemp -d)
pid=""
stop_server() {
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "run.sh: the server did not stop in 10 s; killed" >&2; kill -KILL "$pid"; }
  fi
  wait "$pid" 2>/dev/null
  pid=""
}
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  stop_server
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 2.000 idle connections and more: the server gets the highest open-file limit allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"$jaring" serve --policies "$policies" --listen 127.0.0.1:0 "${serve_args[@]}" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 300); do grep -q "^listening on" "$tmp/out" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$tmp/out")
[ -n "$url" ] || { cat "$tmp/err" >&2; echo "run.sh: the server did not start" >&2; exit 1; }

single='{"nik":"3672010105840001","name":"Siti Aminah","role":"ketua_rt","birth_date":"1984-05-01","domicile":"36.72"}'
printf '%s' "$single" >"$tmp/single.json"
target="$url/v1/policies/regions/cilegon-2024/decisions?as_of=2024-08-01"
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$tmp/single.json" "$target")
[ "$code" = 200 ] || { echo "run.sh: a single-record request was answered $code" >&2; exit 1; }

status=0
alive() {
  kill -0 "$pid" 2>/dev/null && return 0
  echo "run.sh: the server died during $1" >&2
  tail -5 "$tmp/err" >&2
  exit 1
}
echo "== $jaring serve ${SERVE_ARGS:+$SERVE_ARGS }at $url, pid $pid, open files $(ulimit -n), $(nproc) cores"

echo "== (c) wrk -t2 -c8 -d$duration, single record"
JARING_BODY="$tmp/single.json" JARING_RECORDS=1 \
  timeout --foreground 120 wrk -t2 -c8 -d"$duration" --latency -s "$root/examples/api/post.lua" "$target" >"$tmp/wrk" 2>&1 || status=1
grep -E "RESULT|Non-2xx|Socket errors" "$tmp/wrk" || { cat "$tmp/wrk"; status=1; }
alive wrk

echo "== (a) idle_slow.py: 2000 idle, 50 slow senders, 2000 requests on 8 connections"
timeout --foreground 300 python3 "$here/idle_slow.py" --url "$url" --max-p99-ms 5 | tee "$tmp/idle" || status=1
alive idle_slow.py

echo "== (b) big_bodies.py: 16 concurrent bodies over --max-body, then 16 at it with too many records"
timeout --foreground 600 python3 "$here/big_bodies.py" --pid "$pid" --url "$url" | tee "$tmp/big" || status=1
alive big_bodies.py
stop_server

# The table.
field() { grep -m1 '^RESULT' "$1" | sed -n "s/.* $2 \([^ ]*\).*/\1/p"; }
wrk_line=$(grep RESULT "$tmp/wrk")
big_row() {
  local line
  line=$(grep "RESULT $1:" "$tmp/big")
  printf '| (b) %s | peak %s MiB, after 10 s %s MiB, under 100 MiB after %s; %s |\n' "$2" \
    "$(sed -n 's/.* peak \([0-9.]*\) MiB.*/\1/p' <<<"$line")" \
    "$(sed -n 's/.* after [0-9.]* s \([0-9.]*\) MiB.*/\1/p' <<<"$line")" \
    "$(sed -n 's/.* MiB after \(not within [0-9.]* s\|[0-9.]* s\).*/\1/p' <<<"$line")" \
    "$(sed -n 's/.* answers \(.*\)  early.*/\1/p' <<<"$line")"
}
echo
echo "| criterion | measured |"
echo "|---|---|"
printf '| (c) single record, wrk 8 connections, 2 threads, %s | %s requests/s, p50 %s ms, p99 %s ms, errors %s |\n' \
  "$duration" "$(sed -n 's/.*requests\/s \([^ ]*\).*/\1/p' <<<"$wrk_line")" \
  "$(sed -n 's/.* p50 \([^ ]*\) ms.*/\1/p' <<<"$wrk_line")" "$(sed -n 's/.* p99 \([^ ]*\) ms.*/\1/p' <<<"$wrk_line")" \
  "$(sed -n 's/.*errors \([0-9]*\).*/\1/p' <<<"$wrk_line")"
printf '| (a) 2000 requests beside 2000 idle + 50 slow (p99 <= 5 ms, none lost) | p50 %s ms, p99 %s ms, max %s ms; answered 200: %s, lost %s, not sent %s |\n' \
  "$(field "$tmp/idle" p50)" "$(field "$tmp/idle" p99)" "$(field "$tmp/idle" max)" \
  "$(field "$tmp/idle" ok)" "$(field "$tmp/idle" lost)" "$(field "$tmp/idle" unsent)"
big_row over "16 bodies over --max-body (peak <= 300 MiB, < 100 MiB within 10 s)"
big_row batch "16 bodies at --max-body, too many records (same)"
exit $status
