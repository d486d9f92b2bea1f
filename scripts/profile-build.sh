#!/usr/bin/env bash
# A release build for profiling only (tests/bench/profile.mjs): the same Rust release profile and the
# same wasm-opt -Oz as the shipped dist/, but wasm-opt keeps the name section (-g), so the browser's
# profiler names wasm functions (tafel::views::gantt::…) instead of wasm-function[1234]. Written to
# dist-profile/ (git-ignored); the shipped dist/ and its size gate are not touched.
#
#   bash scripts/profile-build.sh
#   TAFEL_DIST=dist-profile node tests/bench/profile.mjs gantt-move --n 10000
#
# The name section makes the wasm larger (and its compile a little slower), so compare timings of
# dist-profile/ only with each other; figures for the report come from the bench on dist/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Trunk reads asset paths relative to the HTML file, so the variant lives beside index.html for the
# length of the build. The only change: data-wasm-opt-params="-g" on the Rust link.
variant=index.profile.html
trap 'rm -f "$variant"' EXIT
sed 's/<link data-trunk rel="rust" data-bin="tafel" data-wasm-opt="z">/<link data-trunk rel="rust" data-bin="tafel" data-wasm-opt="z" data-wasm-opt-params="-g">/' index.html >"$variant"
grep -q 'data-wasm-opt-params="-g"' "$variant" || { echo "profile-build: the Rust link in index.html changed; update this script" >&2; exit 1; }
trunk build "$variant" --release true --dist dist-profile
echo "profile-build: dist-profile/ ($(du -k dist-profile/*.wasm | awk '{print $1}') KiB wasm, names kept)"
