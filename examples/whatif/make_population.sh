#!/bin/sh
# A Cilegon-like population for the what-if example: the synthetic Cilegon 2024 population
# (examples/synth/cilegon-2024.json, 25.000 records, seed 1) plus the column the Raperwal adds,
# `occupation_attested`: true for every informal role (marbot, juru parkir, ojek pangkalan,
# buruh serabutan, pedagang UMKM), false for everyone else. Deterministic: the same bytes on
# every run.
# usage: examples/whatif/make_population.sh [JARING] [OUT.csv]   (from the repository root)
set -eu
jaring=${1:-./build/jaring}
out=${2:-/tmp/cilegon-whatif.csv}
"$jaring" synth examples/synth/cilegon-2024.json --out "$out.synth" 2>/dev/null
# The synthetic CSV has no quoted cells (checked below), so splitting on commas is exact.
if grep -q '"' "$out.synth"; then echo "make_population.sh: quoted cells in the synthetic CSV" >&2; exit 1; fi
awk -F, 'NR == 1 { print $0 ",occupation_attested"; next }
         { informal = $4 == "marbot" || $4 == "tukang_parkir" || $4 == "ojek_pangkalan" || $4 == "buruh_serabutan" ||
                      $4 == "pekerja_umkm" || $4 == "pedagang_umkm"
           print $0 "," (informal ? "true" : "false") }' "$out.synth" > "$out"
rm -f "$out.synth"
echo "$out"
