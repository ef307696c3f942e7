#!/bin/sh
# Regenerates examples/whatif/reports/ (run from the repository root after building):
#   examples/whatif/make_reports.sh [JARING]
# Small population (cilegon-small.csv, 12 records, figures checked by hand in README.md) and the
# synthetic Cilegon-like population (make_population.sh, 25.000 records, removed afterwards).
set -eu
jaring=${1:-./build/jaring}
base=rules/regions/cilegon-2024.policy
raperwal=rules/regions/cilegon-2025-raperwal.policy
small=examples/whatif/cilegon-small.csv
out=examples/whatif/reports
mkdir -p "$out"

diff_small="$base $raperwal --records $small --base-as-of 2024-08-01 --as-of 2025-08-01"
"$jaring" diff $diff_small --html "$out/diff-small.html" > "$out/diff-small.txt"
"$jaring" diff $diff_small --format json > "$out/diff-small.json"
"$jaring" diff $base $raperwal --format csv > "$out/diff-rules.csv"
"$jaring" project $base --records $small --ignore-field occupation_attested --from 2024-01 --to 2024-12 --html "$out/project-2024-small.html" \
  > "$out/project-2024-small.txt"
"$jaring" project $base --records $small --ignore-field occupation_attested --from 2024-01 --to 2024-12 --format csv > "$out/project-2024-small.csv"
"$jaring" project $raperwal --records $small --from 2025-01 --to 2025-12 > "$out/project-2025-raperwal-small.txt"

synth=examples/whatif/cilegon-whatif.csv
examples/whatif/make_population.sh "$jaring" "$synth" > /dev/null
"$jaring" diff $base $raperwal --records $synth --base-as-of 2024-08-01 --as-of 2025-08-01 --lang en \
  --html "$out/diff-synth-en.html" > "$out/diff-synth-en.txt"
"$jaring" project $base --records $synth --ignore-field occupation_attested --from 2024-01 --to 2024-12 --html "$out/project-2024-synth.html" \
  > "$out/project-2024-synth.txt"
"$jaring" project $base --records $synth --ignore-field occupation_attested --from 2024-01 --to 2024-12 \
  --assumptions examples/whatif/assumptions-cilegon-reported.json > "$out/project-2024-synth-cilegon-reported.txt"
rm -f "$synth"
ls "$out"
