#!/usr/bin/env bash
# README command 1: build Tafel and serve it at http://127.0.0.1:8080/ (release build, Trunk dev server).
# The app starts on its local store (IndexedDB) with demo data; no backend is needed.
# Extra arguments are passed to `trunk serve` (for example `--port 9000`); `--static` serves dist/ as
# deployed instead (see below).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh

# `scripts/run.sh --static [--base=/tafel/]`: serve the release build as a deployment does instead:
# dist/ with precompressed files (scripts/precompress.mjs), the strict CSP header and the service
# worker, optionally under a sub-path. No rebuild on changes.
if [[ "${1:-}" == "--static" ]]; then
  shift
  trunk build --release
  node scripts/precompress.mjs dist
  exec node tests/e2e/support/server.mjs dist --precompressed --port=8080 "$@"
fi

echo "[run] trunk serve --release on http://127.0.0.1:8080/ (first build can take several minutes; Ctrl-C stops)"
exec trunk serve --release --address 127.0.0.1 --port 8080 "$@"
