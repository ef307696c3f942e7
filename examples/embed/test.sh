#!/usr/bin/env bash
# Installs Jaring from a build into a temporary prefix, builds this example against the installed
# CMake package (and once more with pkg-config), and checks that it decides exactly as the
# installed `jaring eval` does; also that the installed `jaring` finds the installed rule packs
# for a policy kept outside any rules folder. ctest `install.embed`, or by hand:
#   examples/embed/test.sh SOURCE_DIR BUILD_DIR
# With `--installed PREFIX` instead of BUILD_DIR, the same against what is already installed
# there (the .deb under /usr: tests/install/deb.sh).
set -euo pipefail
src="$(cd "${1:?source dir}" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/jaring-embed-XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

build=""
if [ "${2:?build dir or --installed PREFIX}" = --installed ]; then
  prefix="${3:?installed prefix}"
else
  build="$(cd "$2" && pwd)"
  prefix="$work/prefix"
  cmake --install "$build" --prefix "$prefix" >/dev/null
fi
for f in bin/jaring libexec/jaring/jaring-serve include/jaring/jaring.hpp lib/libjaring.a lib/cmake/Jaring/JaringConfig.cmake \
         lib/cmake/Jaring/JaringConfigVersion.cmake lib/cmake/Jaring/JaringTargets.cmake \
         lib/pkgconfig/jaring.pc share/jaring/rules/national/bpjstk.policy; do
  [ -e "$prefix/$f" ] || fail "the install has no $f"
done
# The public header stands alone: nothing of the engine's own headers is installed or needed.
# (Under /usr, other packages' headers are there too: our folder only.)
headers="$prefix/include"
[ -z "$build" ] && headers="$prefix/include/jaring"
[ "$(find "$headers" -type f | wc -l)" = 1 ] || fail "more than the public header installed"

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$src/examples/embed" -B "$work/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_BUILD_TYPE=Release >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure"; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build"; }
example="$work/build/embed_example"

# A region policy alone in a folder: its `use national/bpjstk` is found only in the installed
# rule packs (bin/../share/jaring/rules), by the installed `jaring` and by the example (which
# passes Jaring_RULES_DIR). JARING_PATH is cleared so that it cannot be what finds them.
unset JARING_PATH
mkdir "$work/alone"
cp "$src/rules/regions/cilegon-2024.policy" "$work/alone/"
policy="$work/alone/cilegon-2024.policy"
jaring="$prefix/bin/jaring"
"$jaring" check "$policy" >/dev/null 2>&1 || { "$jaring" check "$policy"; fail "installed jaring: use not found"; }
if [ -n "$build" ] && "$build/jaring" check "$policy" >/dev/null 2>&1; then
  fail "the build's jaring found rules it should not"
fi

as_of=2024-08-01
record='{"nik":"3672010105840001","name":"Siti","role":"ketua_rt","birth_date":"1984-05-01","domicile":"36.72","registered_pu":true}'
expected="$("$jaring" eval "$policy" --as-of "$as_of" --record "$record")"
actual="$("$example" "$policy" "$as_of" "$record")"
[ "$actual" = "$expected" ] || fail "one record (JSON) differs:
 jaring:  $expected
 example: $actual"
echo "ok: one record (JSON): $actual"

# Its birth date as a spreadsheet writes it, read with DecideOptions::date_format: the same decision.
dated="${record/1984-05-01/1\/5\/1984}"
[ "$dated" != "$record" ] || fail "the record's date was not rewritten"
actual="$("$example" "$policy" "$as_of" "$dated" --date-format DD/MM/YYYY)"
[ "$actual" = "$expected" ] || fail "one record (JSON, DD/MM/YYYY) differs:
 jaring:  $expected
 example: $actual"
[ "$("$example" "$policy" "$as_of" "$dated")" = "$("$jaring" eval "$policy" --as-of "$as_of" --record "$dated")" ] \
  || fail "a record whose date needs --date-format differs"
if "$example" "$policy" "$as_of" "$dated" --date-format dd/mm/yyyy 2>/dev/null; then
  fail "a date format that is not one was accepted"
fi
echo "ok: one record (JSON, a spreadsheet's date)"

# The same record field by field, as text.
actual="$("$example" "$policy" "$as_of" --fields nik=3672010105840001 name=Siti role=ketua_rt \
            birth_date=1984-05-01 domicile=36.72 registered_pu=true)"
[ "$actual" = "$expected" ] || fail "one record (fields) differs:
 jaring:  $expected
 example: $actual"
echo "ok: one record (fields)"

# A rejected record and an unknown key behave as `jaring eval --record` does.
bad='{"nik":"12","name":"Siti","role":"ketua_rt","birth_date":"1984-05-01","domicile":"36.72","registered_pu":true}'
[ "$("$example" "$policy" "$as_of" "$bad")" = "$("$jaring" eval "$policy" --as-of "$as_of" --record "$bad")" ] \
  || fail "a rejected record differs"
if "$example" "$policy" "$as_of" '{"nope":1}' 2>/dev/null; then fail "an unknown key was accepted"; fi
echo "ok: rejected record, unknown key"

# A population, JSON Lines and CSV out.
records="$src/examples/eval/city/records.csv"
for ext in jsonl csv; do
  "$jaring" eval "$policy" --as-of "$as_of" --records "$records" --out "$work/cli.$ext" 2>/dev/null
  "$example" "$policy" "$as_of" --records "$records" --out "$work/api.$ext" 2>/dev/null
  cmp "$work/cli.$ext" "$work/api.$ext" || fail "population decisions ($ext) differ"
  echo "ok: population ($ext, $(wc -l <"$work/api.$ext") lines)"
done
# A spreadsheet's `;`-separated export with a column the record does not have, decisions
# written separated by `;` too (PopulationOptions::delimiter, ignore_fields, out_delimiter).
sed 's/,/;/g; 1s/$/;catatan/; 2,$s/$/;x/' "$records" >"$work/semicolon.csv"
flags=(--delimiter semicolon --ignore-field catatan --out-delimiter semicolon)
"$jaring" eval "$policy" --as-of "$as_of" --records "$work/semicolon.csv" --out "$work/cli_semi.csv" "${flags[@]}" \
  2>/dev/null || fail "jaring eval did not read the ;-separated records"
"$example" "$policy" "$as_of" --records "$work/semicolon.csv" --out "$work/api_semi.csv" "${flags[@]}" 2>/dev/null \
  || fail "the API did not read the ;-separated records"
cmp "$work/cli_semi.csv" "$work/api_semi.csv" || fail "population decisions (;-separated) differ"
cmp -s "$work/api_semi.csv" "$work/api.csv" && fail "--out-delimiter semicolon wrote commas"
if "$example" "$policy" "$as_of" --records "$work/semicolon.csv" --out "$work/x.jsonl" "${flags[@]}" 2>"$work/said"; then
  fail "an out_delimiter for JSON Lines decisions was accepted"
fi
grep -q "written as JSON Lines" "$work/said" || fail "no reason for refusing the out_delimiter: $(cat "$work/said")"
echo "ok: population read and written separated by ;, a column ignored"
# Which runtime decided it: the fast lane says nothing; the same records with lone CR line ends
# go to the generic runtime, whose reason the result carries (PopulationResult::runtime_reason).
"$example" "$policy" "$as_of" --records "$records" --out "$work/api.jsonl" 2>"$work/said"
if grep -q "generic runtime" "$work/said"; then fail "the fast lane's population named the generic runtime"; fi
tr '\n' '\r' <"$records" >"$work/lone_cr.csv"
"$example" "$policy" "$as_of" --records "$work/lone_cr.csv" --out "$work/api_cr.jsonl" 2>"$work/said"
grep -q "decided by the generic runtime, because .*lone CR line ends" "$work/said" \
  || fail "no runtime reason for lone CR line ends: $(cat "$work/said")"
cmp "$work/api.jsonl" "$work/api_cr.jsonl" || fail "lone CR line ends decided otherwise"
echo "ok: population's runtime (the fast lane; the generic runtime and its reason)"

# `jaring serve` from the install: `jaring` runs the installed server program
# (libexec/jaring/jaring-serve), which finds `jaring` again to check each policy in a process of
# its own (a checker made to crash on the policy keeps it from being served), and serves the
# decision `jaring eval` gives.
python3 - "$src/tests/server" "$jaring" "$work/alone" "$record" "$expected" <<'PY' || fail "installed jaring serve"
import json, sys
sys.path.insert(0, sys.argv[1])
import harness
harness.JARING = sys.argv[2]
policies, record, expected = sys.argv[3], json.loads(sys.argv[4]), json.loads(sys.argv[5])
server = harness.Server(policies, env={"JARING_FAULT_CRASH_CHECK": "cilegon-2024.policy"})
try:
    r = server.request("GET", "/readyz")
    assert r.status == 503 and [f["id"] for f in r.json()["failed"]] == ["cilegon-2024"], (r.status, r.body)
finally:
    assert server.stop() == 0
server = harness.Server(policies)
try:
    r = server.decide(record, policy="cilegon-2024")
    assert r.status == 200, (r.status, r.body)
    decision = r.json()
    assert decision == expected, (decision, expected)
finally:
    assert server.stop() == 0
print("ok: jaring serve (libexec/jaring/jaring-serve, checking each policy with bin/jaring)")
PY

# The same example built with pkg-config instead of CMake.
if command -v pkg-config >/dev/null; then
  flags="$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs jaring)"
  # shellcheck disable=SC2086
  ${CXX:-c++} -O1 -DJARING_RULES_DIR="\"$prefix/share/jaring/rules\"" "$src/examples/embed/main.cpp" \
      -o "$work/embed_pc" $flags || fail "pkg-config build"
  [ "$("$work/embed_pc" "$policy" "$as_of" "$record")" = "$expected" ] || fail "pkg-config build decides otherwise"
  echo "ok: pkg-config build"
fi
echo "install.embed: all ok"
