#!/usr/bin/env bash
# The benchmark (issue 4): Tafel beside its peers in one headless Chromium run, same data set,
# interleaved. Writes tests/bench/results.json and tests/bench/results.md and prints the table.
#
#   bash scripts/bench.sh                          full run: N = 1,000 / 10,000 / 100,000, 5 repetitions
#   bash scripts/bench.sh --sizes 1000,10000 --reps 2     a quick run
#   bash scripts/bench.sh --skip-build …           reuse the existing dist/ (no Rust build)
# Other options go to tests/bench/run.mjs: --timeout SECONDS (per run, default 120),
# --only board,gantt,table,peers,tafel,sortablejs,… , --out FILE.
#
# Steps: bootstrap (tools, as scripts/run.sh), `trunk build --release` into dist/ (unless
# --skip-build), `npm ci` in tests/bench when its node_modules is missing or stale, the peer pages
# (esbuild), the OpenProject test server (for the start-up on OpenProject), then the runner.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SKIP_BUILD=0
ARGS=()
for arg in "$@"; do
  if [[ "$arg" == "--skip-build" ]]; then SKIP_BUILD=1; else ARGS+=("$arg"); fi
done

if ((SKIP_BUILD)); then
  [[ -f dist/index.html ]] || { echo "[bench] --skip-build, but dist/index.html is missing: run without it" >&2; exit 1; }
  echo "[bench] --skip-build: using the existing dist/ ($(date -r dist/index.html '+%F %T'))"
  # The runner needs the root node_modules (playwright-core) and Chromium; install only when missing.
  if [[ ! -d node_modules/playwright-core ]]; then npm ci --no-audit --no-fund --loglevel=error; fi
else
  # Same environment as scripts/run.sh and scripts/test.sh: PATH (cargo bin, wasm-opt from npm),
  # CARGO_TARGET_DIR outside the clone, Chromium for the browser.
  # shellcheck source=scripts/bootstrap.sh
  source scripts/bootstrap.sh --browser
  echo "[bench] trunk build --release -> dist/"
  trunk build --release
fi
[[ -x "${TAFEL_CHROMIUM:-/usr/bin/chromium}" ]] || { echo "[bench] no Chromium at ${TAFEL_CHROMIUM:-/usr/bin/chromium} (bash scripts/bootstrap.sh --browser installs it)" >&2; exit 1; }

# Peers: exact versions from tests/bench/package-lock.json; reinstall when the lock file changed.
BENCH=tests/bench
STAMP="$BENCH/node_modules/.tafel-lock-stamp"
LOCK_SUM="$( (cat "$BENCH/package-lock.json"; node --version) | sha256sum | awk '{print $1}')"
if [[ ! -d "$BENCH/node_modules" || "$(cat "$STAMP" 2>/dev/null)" != "$LOCK_SUM" ]]; then
  echo "[bench] npm ci in $BENCH (peers and esbuild, exact versions)"
  (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
  printf '%s\n' "$LOCK_SUM" >"$STAMP"
fi
node "$BENCH/peers/build.mjs"

# The OpenProject-compatible test server, for the start-up of a deployment on OpenProject (the same
# binary the e2e suite runs; cargo only checks it when it is built already).
if command -v cargo >/dev/null; then
  echo "[bench] cargo build -p tafel-op-server"
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tafel-target}" cargo build -q -p tafel-op-server
fi

# The command a reader reruns to reproduce results.md (a full run builds, so without --skip-build).
export TAFEL_BENCH_COMMAND="bash scripts/bench.sh${ARGS[*]:+ ${ARGS[*]}}"
exec node "$BENCH/run.mjs" "${ARGS[@]}"
