#!/usr/bin/env bash
# Builds the Debian packages of a release build (`cpack -G DEB`, cmake/package.cmake), installs
# them on this machine with apt (which fetches their declared dependencies), and checks the
# installed tree as a region's IT office would use it, from a folder outside the source tree:
#   - each package declares its dependencies;
#   - /usr/bin/jaring is this build's version;
#   - `jaring check` and `jaring test` pass on every installed rule pack (/usr/share/jaring/rules),
#     and a policy kept elsewhere finds `use national/bpjstk` there;
#   - the man pages, bash completion and systemd unit are in place;
#   - examples/embed builds against the installed CMake package and pkg-config file and decides
#     as the installed `jaring` does (examples/embed/test.sh --installed /usr).
# Run by .ci/run after the test suite (it installs packages, so it is not a ctest):
#   tests/install/deb.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$(cd "${1:?source dir}" && pwd)"
build="$(cd "${2:?build dir}" && pwd)"
fail() { echo "FAIL: $*" >&2; exit 1; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

rm -rf "$build/packages"
(cd "$build" && cpack -G DEB >"$build/cpack.log" 2>&1) || { cat "$build/cpack.log"; fail "cpack"; }
mapfile -t debs < <(find "$build/packages" -maxdepth 1 -name '*.deb' | sort)
[ ${#debs[@]} -ge 2 ] || fail "cpack made ${#debs[@]} packages, expected jaring, jaring-dev (and python3-jaring)"
for deb in "${debs[@]}"; do
  name="$(dpkg-deb -f "$deb" Package)"
  depends="$(dpkg-deb -f "$deb" Depends)"
  [ -n "$depends" ] || fail "$name declares no dependencies"
  echo "ok: $(basename "$deb"): Depends: $depends"
done
dpkg-deb -f "$build/packages/jaring_"*.deb Depends | grep -q libfmt || fail "jaring does not depend on libfmt"

# --reinstall: the same version may be installed already (a second run on one machine).
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --reinstall --no-install-recommends "${debs[@]}" >"$build/apt-install.log" 2>&1 \
  || { cat "$build/apt-install.log"; fail "apt-get install"; }
echo "ok: installed $(for d in "${debs[@]}"; do dpkg-deb -f "$d" Package; done | xargs)"

work="$(mktemp -d "${TMPDIR:-/tmp}/jaring-deb-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"  # nothing of the source tree is at hand
unset JARING_PATH
jaring=/usr/bin/jaring
[ "$("$jaring" --version)" = "$("$build/jaring" --version)" ] || fail "/usr/bin/jaring is not this build's"
rules=/usr/share/jaring/rules
"$jaring" check "$rules"/national/*.policy "$rules"/regions/*.policy "$rules"/regions/*.policy.md || fail "jaring check on the installed rule packs"
for p in "$rules"/national/*.policy "$rules"/regions/*.policy "$rules"/regions/*.policy.md; do
  "$jaring" test "$p" >"$work/test.log" 2>&1 || { cat "$work/test.log"; fail "jaring test $p"; }
  echo "ok: jaring test $p: $(tail -n 1 "$work/test.log")"
done
cp "$rules/regions/cilegon-2024.policy" "$work/"
"$jaring" check "$work/cilegon-2024.policy" >/dev/null || fail "a policy outside the rules does not find national/bpjstk"
echo "ok: a policy kept elsewhere finds the installed national rules"

for f in /usr/share/man/man1/jaring.1.gz /usr/share/man/man1/jaring-eval.1.gz /usr/share/man/man1/jaring-lsp.1.gz \
         /usr/share/bash-completion/completions/jaring /usr/lib/systemd/system/jaring.service; do
  [ -s "$f" ] || fail "no $f"
done
zcat /usr/share/man/man1/jaring-eval.1.gz | grep -q -- 'as\\-of' || fail "jaring-eval(1) does not describe --as-of"
echo "ok: man pages, bash completion, systemd unit"

bash "$src/examples/embed/test.sh" "$src" --installed /usr

# The Python package, when it was built: Debian's python3 imports it from /usr/lib/python3, it
# finds the installed rule packs, and decides as the installed `jaring` does.
if compgen -G "$build/packages/python3-jaring_*.deb" >/dev/null; then
  /usr/bin/python3 - "$work/cilegon-2024.policy" <<'PY' || fail "python3: import jaring"
import json, subprocess, sys
import jaring
policy = jaring.Policy(sys.argv[1])
record = {"nik": "3672010105840001", "name": "Siti", "role": "ketua_rt", "birth_date": "1984-05-01",
          "domicile": "36.72", "registered_pu": True}
cli = subprocess.run(["/usr/bin/jaring", "eval", sys.argv[1], "--as-of", "2024-08-01", "--record", json.dumps(record)],
                     capture_output=True, text=True, check=True).stdout.strip()
assert policy.decide_json(record, "2024-08-01") == cli, "python decides otherwise"
print(f"ok: python3 import jaring {jaring.version()} from {jaring.__file__}, decides as jaring eval")
PY
fi
echo "install.deb: all ok"
