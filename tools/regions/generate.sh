#!/usr/bin/env bash
# Regenerates data/kemendagri/wilayah.tsv, the Kemendagri region list the checker embeds, from
# the npm package idn-area-data (pinned below; its data is ODbL, see data/kemendagri/README.md).
# Needs npm (to fetch the package from the registry) and node (to convert it). Deterministic:
# the same package version always gives the same bytes.
#   tools/regions/generate.sh            write the file
#   tools/regions/generate.sh --check    exit 1 if the committed file differs from the package
set -euo pipefail

package=idn-area-data
version=4.0.1
# The registry's integrity of that version's tarball: a republished tarball is refused.
integrity=sha512-PhNSIl5T7swVwwWxJOFMtCaeHAF9TUu0HLDf+36EIWZro9j7au83AFIJiBQGL+iRsBDA2OlpJ5fjiqxNYndzOQ==

repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="$repo/data/kemendagri/wilayah.tsv"
check=0
[ "${1:-}" = "--check" ] && check=1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent --pack-destination "$work" "$package@$version" >/dev/null)
tarball="$work/$package-$version.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "generate.sh: $package@$version has integrity $actual, expected $integrity" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"

node "$repo/tools/regions/to_tsv.mjs" "$work/package" "$package" "$version" > "$work/wilayah.tsv"

if [ "$check" = 1 ]; then
  if cmp -s "$work/wilayah.tsv" "$out"; then
    echo "data/kemendagri/wilayah.tsv matches $package@$version"
  else
    echo "data/kemendagri/wilayah.tsv differs from $package@$version: run tools/regions/generate.sh" >&2
    exit 1
  fi
else
  mv "$work/wilayah.tsv" "$out"
  echo "wrote $out ($(grep -vc '^#' "$out") regions from $package@$version)"
fi
