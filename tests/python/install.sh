#!/usr/bin/env bash
# Installs the build into a temporary prefix and checks the Python package there (ctest
# python.install): `import jaring` from PREFIX/lib/python3/dist-packages (where Debian's python3
# looks for a /usr install) loads the installed module, not the build tree's; it finds the
# installed rule packs for a policy alone in a folder; it decides as the installed `jaring eval`;
# and the module exports nothing but its entry point.
#   tests/python/install.sh SOURCE_DIR BUILD_DIR PYTHON
set -euo pipefail
src="$(cd "${1:?source dir}" && pwd)"
build="$(cd "${2:?build dir}" && pwd)"
python="${3:?python}"
work="$(mktemp -d "${TMPDIR:-/tmp}/jaring-python-install-XXXXXX")"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
package="$prefix/lib/python3/dist-packages/jaring"
for f in __init__.py _records.py; do
  [ -f "$package/$f" ] || fail "the install has no lib/python3/dist-packages/jaring/$f"
done
module="$(find "$package" -name '_jaring*.so')"
[ -n "$module" ] || fail "the install has no lib/python3/dist-packages/jaring/_jaring*.so"

# Only PyInit__jaring leaves the module: the engine's symbols (fmt, nlohmann/json, ...) stay in.
exported="$(nm -D --defined-only "$module" | awk '{print $3}' | grep -v '^_init$\|^_fini$' || true)"
[ "$exported" = "PyInit__jaring" ] || fail "the module exports more than PyInit__jaring: $(echo "$exported" | head -5)"
echo "ok: installed $(basename "$module"), exporting only PyInit__jaring"
# Debian's python3 reads that folder under /usr: a /usr install (the .deb) needs no PYTHONPATH.
if [ "$python" = /usr/bin/python3 ]; then
  "$python" -c 'import sys; sys.exit("/usr/lib/python3/dist-packages" not in sys.path)' \
    || fail "$python does not read /usr/lib/python3/dist-packages"
fi

# A region policy alone in a folder: `use national/bpjstk` is found only in the installed rule
# packs. Neither JARING_PATH nor the build tree may be what finds them or the module.
unset JARING_PATH
mkdir "$work/alone"
cp "$src/rules/regions/cilegon-2024.policy" "$work/alone/"
policy="$work/alone/cilegon-2024.policy"
record='{"nik":"3672010105840001","name":"Siti","role":"ketua_rt","birth_date":"1984-05-01","domicile":"36.72","registered_pu":false}'
expected="$("$prefix/bin/jaring" eval "$policy" --as-of 2024-08-01 --record "$record")"
cd "$work"
actual="$(PYTHONPATH="$prefix/lib/python3/dist-packages" PYTHONNOUSERSITE=1 "$python" -c '
import sys, jaring
assert jaring.__file__.startswith(sys.argv[1]), jaring.__file__
print(jaring.Policy(sys.argv[2]).decide_json(sys.argv[3], "2024-08-01"))
' "$prefix/" "$policy" "$record")" || fail "import jaring from the installed package"
[ "$actual" = "$expected" ] || fail "the installed module decides otherwise:
 jaring: $expected
 python: $actual"
echo "ok: the installed package finds the installed rules and decides as the installed jaring"

# Without the installed rule packs, the same policy does not open: they were what found `use`.
if PYTHONPATH="$prefix/lib/python3/dist-packages" "$python" -c '
import sys, jaring
jaring.Policy(sys.argv[1], installed_rules=False)' "$policy" 2>/dev/null; then
  fail "the policy opened without the installed rule packs"
fi
echo "python.install: all ok"
