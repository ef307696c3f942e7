#!/usr/bin/env bash
# Load test of `jaring serve` on loopback with wrk: single-record decisions, then batches of
# 1.000 records, against regions/cilegon-2024. Prints requests/s, p50, p99 and decisions/s.
#
#   examples/api/load.sh [JARING] [DURATION] [CONNECTIONS] [WRK_THREADS]
#   examples/api/load.sh build/jaring 20s 8 2          # the defaults
#
# Build Release first (cmake -S . -B build -DCMAKE_BUILD_TYPE=Release). Needs wrk and python3.
set -euo pipefail
jaring=${1:-build/jaring}
duration=${2:-20s}
connections=${3:-8}
wrk_threads=${4:-2}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# The server: its default threads (one event loop per core).
"$jaring" serve --policies "$root/rules" --listen 127.0.0.1:0 ${JARING_SERVE_ARGS:-} >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$tmp/out")
[ -n "$url" ] || { cat "$tmp/err"; echo "the server did not start" >&2; exit 1; }
# It listens at once and loads its policies beside: wait until /readyz says they are loaded.
for _ in $(seq 300); do curl -s "$url/readyz" | grep -q '"loaded":true' && break; sleep 0.1; done

# Request bodies: one record, and 1.000 varied records (eligible, not eligible, other groups).
python3 - "$tmp" <<'PY'
import json, random, sys
rng = random.Random(2024)
roles = ["ketua_rt", "ketua_rw", "kader_cilegon_mandiri", "kpps", "ptps", "nelayan", "linmas", "guru_ngaji"]
def record(i):
    return {"nik": f"367201{i:010d}", "name": f"Warga {i}", "role": rng.choice(roles),
            "birth_date": f"{rng.randint(1950, 2008)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "domicile": rng.choice(["36.72", "36.72.01", "36.71"]), "registered_pu": rng.random() < 0.1}
out = sys.argv[1]
json.dump(record(1), open(f"{out}/single.json", "w"))
json.dump([record(i) for i in range(1000)], open(f"{out}/batch.json", "w"))
PY

target="$url/v1/policies/regions/cilegon-2024/decisions?as_of=2024-08-01"
# Every answer must be 200 before measuring.
for body in single batch; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$tmp/$body.json" "$target")
  [ "$code" = 200 ] || { echo "$body request answered $code" >&2; exit 1; }
done
run() {
  echo "== $1: wrk -t$wrk_threads -c$connections -d$duration (POST $(wc -c <"$tmp/$2.json") bytes)"
  JARING_BODY="$tmp/$2.json" JARING_RECORDS="$3" \
    wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency -s "$here/post.lua" "$target" |
    grep -E "RESULT|Non-2xx|Socket errors"
}
run "single record" single 1
run "batch of 1.000 records" batch 1000
