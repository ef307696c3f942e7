#!/usr/bin/env bash
# Installs every Debian 12 package Jaring needs to build and test. Idempotent.
set -euo pipefail
packages=(
  build-essential g++ cmake ninja-build pkg-config git ca-certificates
  tao-pegtl-dev nlohmann-json3-dev libfmt-dev catch2 libcli11-dev libcpp-httplib-dev
  clang-format clang-tidy libssl-dev
  clang libclang-rt-14-dev  # the sanitizer + libFuzzer build (.ci/run); the runtimes are only recommended
  python3 python3-jsonschema curl wrk chromium
  time  # /usr/bin/time: peak memory in examples/bench/run.sh
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
