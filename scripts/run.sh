#!/usr/bin/env bash
# README command 1: build Tafel and serve it at http://127.0.0.1:8080/ (release build, Trunk dev server).
# The app starts on its local store (IndexedDB) with demo data; no backend is needed.
# Extra arguments are passed to `trunk serve` (for example `--port 9000`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh

echo "[run] trunk serve --release on http://127.0.0.1:8080/ (first build can take several minutes; Ctrl-C stops)"
exec trunk serve --release --address 127.0.0.1 --port 8080 "$@"
