#!/usr/bin/env bash
# Installs every Debian 12 package Jaring needs to build and test. Idempotent.
set -euo pipefail
packages=(
  build-essential g++ cmake ninja-build pkg-config git ca-certificates
  tao-pegtl-dev nlohmann-json3-dev libfmt-dev catch2 libcli11-dev
  libboost1.81-dev  # Boost.Beast/Asio: the HTTP server (jaring serve)
  clang-format clang-tidy
  nettle-dev  # SHA-256 of a policy's text (engine/base/sha256.cpp)
  libssl-dev  # TLS in the server (jaring-serve)
  clang libclang-rt-14-dev  # the sanitizer + libFuzzer build (.ci/run); the runtimes are only recommended
  python3 python3-jsonschema curl wrk chromium
  help2man  # the man pages (cmake/man.cmake), built when it is found
  time  # /usr/bin/time: peak memory in examples/bench/run.sh
  nodejs npm  # tools/openapi (OpenAPI validator), editors/vscode (the editor extension's tools)
  pybind11-dev python3-dev  # the Python module (python/), built when they are found
  python3-pandas  # its DataFrame path and tests, examples/python/ (with numpy: about 110 MB installed)
)
# A command that stands for its package when another build provides it (NodeSource's nodejs
# bundles npm and conflicts with Debian's npm package).
declare -A provided_by=([nodejs]=node [npm]=npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
  [ -n "${provided_by[$p]:-}" ] && command -v "${provided_by[$p]}" >/dev/null 2>&1 && continue
  missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The npm tools, as pinned by each folder's package-lock.json; installed again only when the lock
# file differs from the one it was installed from (the stamp).
#   tools/openapi   the OpenAPI validator (ctest server.openapi_valid)
#   editors/vscode  vsce, vscode-textmate, vscode-oniguruma, vscode-languageclient and esbuild:
#                   bundling, packaging and testing the editor extension (ctest editor.*).
#                   Install scripts are skipped: @vscode/vsce-sign's sets up signing, which
#                   packaging does not use, and esbuild's verifies (or would download) the binary its
#                   platform package (@esbuild/linux-x64) already holds.
root="$(cd "$(dirname "$0")" && pwd)"
npm_tools() {  # FOLDER [npm ci flags]
  local dir="$root/$1"
  shift
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.setup-stamp"; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error "$@" >/dev/null)  # errors still go to stderr
    cp "$dir/package-lock.json" "$dir/node_modules/.setup-stamp"
  fi
}
npm_tools tools/openapi
npm_tools editors/vscode --ignore-scripts
