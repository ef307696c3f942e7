#!/bin/sh
# An output naming an input is refused (exit 2) before anything is read or written: the input
# is unchanged. Every input is a copy in WORKDIR, so a failing run cannot spoil the repository.
# Usage (from the repository root): same_file.sh JARING WORKDIR
set -u
jaring=$1 work=$2
rm -rf "$work" && mkdir -p "$work" || exit 1
cp examples/eval/city/records.csv "$work/records.csv"
cp examples/eval/city/records.csv "$work/original.csv"
cp examples/eval/city/policy.policy examples/synth/cilegon-2024.json rules/regions/cilegon-2024.policy \
  rules/regions/cilegon-2025-raperwal.policy "$work/" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
expect() {  # expect STATUS REGEX ARGS...: exit status STATUS, stderr matching REGEX
  want=$1 regex=$2
  shift 2
  "$jaring" "$@" >"$work/stdout" 2>"$work/stderr"
  got=$?
  [ $got -eq "$want" ] || fail "\`jaring $*\`: exit $got, expected $want: $(cat "$work/stderr")"
  grep -q -- "$regex" "$work/stderr" || fail "\`jaring $*\`: stderr does not say \`$regex\`: $(cat "$work/stderr")"
  cmp -s "$work/original.csv" "$work/records.csv" || fail "\`jaring $*\` changed the records file"
}
city="eval $work/policy.policy -I rules --as-of 2024-03-21 --records $work/records.csv"
expect 2 "is the same file as --records" $city --out "$work/records.csv"
expect 2 "is the same file as --records" $city --out "$work/./records.csv" --summary "$work/s.json"
expect 2 "is the same file as --records" $city --rejects "$work/records.csv"
expect 2 "is the same file as --records" $city --summary "$work/records.csv"
ln "$work/records.csv" "$work/hardlink.csv"
expect 2 "is the same file as --records" $city --out "$work/hardlink.csv"
expect 2 "is the same file as the policy" $city --out "$work/policy.policy"
expect 2 "are the same file" $city --out "$work/x.csv" --rejects "$work/x.csv"
[ -e "$work/x.csv" ] && fail "a refused run created \`x.csv\`"
expect 2 "is the same file as the spec" synth "$work/cilegon-2024.json" --out "$work/cilegon-2024.json"
expect 2 "is the same file as --records" project "$work/cilegon-2024.policy" --records "$work/records.csv" \
  --from 2024-01 --to 2024-02 --html "$work/records.csv"
expect 2 "is the same file as the proposal" diff "$work/cilegon-2024.policy" "$work/cilegon-2025-raperwal.policy" \
  --html "$work/cilegon-2025-raperwal.policy"
for f in policy.policy cilegon-2024.json cilegon-2024.policy cilegon-2025-raperwal.policy; do
  [ -s "$work/$f" ] || fail "a refused run emptied \`$f\`"
done
echo "refused, inputs unchanged"
