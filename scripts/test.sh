#!/usr/bin/env bash
# README command 2: every check the project has, failing fast with a clear message.
#   formatting, clippy (native and wasm32), native tests (unit + tests/*.rs), browser glue tests,
#   release build with Trunk (dist/), bundle-size budget, end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh --browser

STEP_NO=0
step() {
  # step "description" command args...
  local name="$1"
  shift
  STEP_NO=$((STEP_NO + 1))
  local t0=$SECONDS
  printf '\n==> [%d] %s\n    $ %s\n' "$STEP_NO" "$name" "$*"
  if ! "$@"; then
    printf '\n*** FAILED at step %d: %s (%ds)\n*** command: %s\n' "$STEP_NO" "$name" "$((SECONDS - t0))" "$*" >&2
    exit 1
  fi
  printf '==> [%d] %s: ok (%ds)\n' "$STEP_NO" "$name" "$((SECONDS - t0))"
}

T_ALL=$SECONDS
step "formatting (cargo fmt --check)" cargo fmt --all --check
step "clippy, native, whole workspace" cargo clippy --workspace --all-targets -- -D warnings
step "clippy, wasm32 lib + bins + browser tests" cargo clippy -p tafel --target wasm32-unknown-unknown --lib --bins --test browser_glue -- -D warnings
step "supply chain (lock files, licences; advisories where reachable)" bash scripts/supply-chain.sh
# The property tests (tests/fuzz_*.rs) draw the same cases on every run of the test command, so a
# landing never fails on a case no earlier run drew; a different seed, or a long run, finds new ones
# (SECURITY.md, Fuzzing). PROPTEST_RNG_SEED set outside wins.
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261127}"
# The official OpenProject API description, beside the checkout (a user's clone has none): the test
# server's responses are validated against its schemas and the decoder reads its examples. Without
# it those tests skip; cargo hides what a passing test prints, so it is said here.
OPENAPI_SPEC="${TAFEL_OPENAPI_SPEC:-../shared/openproject-api/openproject-api-v3.json}"
if [[ -f "$OPENAPI_SPEC" ]]; then
  TAFEL_OPENAPI_SPEC="$(realpath "$OPENAPI_SPEC")"
  export TAFEL_OPENAPI_SPEC
  printf '\nOpenProject API description: %s\n' "$TAFEL_OPENAPI_SPEC"
else
  printf '\n*** NOTE: OpenProject API description not found at %s (set TAFEL_OPENAPI_SPEC):\n' "$OPENAPI_SPEC"
  printf '***       the schema validation and spec example tests are skipped.\n'
fi
step "native tests (cargo test --workspace)" cargo test --workspace
# The few tests of code that talks to the browser's own APIs (IndexedDB, storage, CSSOM), compiled to
# wasm32 and run in headless Chromium by wasm-bindgen-test-runner (.cargo/config.toml) via chromedriver.
step "browser glue tests (wasm-bindgen-test, headless Chromium)" \
  cargo test -p tafel --target wasm32-unknown-unknown --test browser_glue
step "release build (trunk build --release -> dist/)" trunk build --release
step "precompressed copies (.br, .gz) beside the files in dist/" node scripts/precompress.mjs dist
step "bundle size budget" node scripts/bundle-size.mjs
step "OpenProject-compatible test server for the e2e suite" cargo build -p tafel-op-server

shopt -s nullglob
E2E_FILES=(tests/e2e/*.test.mjs)
shopt -u nullglob
if ((${#E2E_FILES[@]} == 0)); then
  echo "*** FAILED: no end-to-end test files found in tests/e2e/" >&2
  exit 1
fi
# The chaos journey (tests/e2e/chaos.test.mjs, about 4 minutes) is part of the suite here; by hand it
# runs only with TAFEL_CHAOS=1. TAFEL_CHAOS=0 leaves it out, TAFEL_CHAOS_SEED picks another seed.
export TAFEL_CHAOS="${TAFEL_CHAOS:-1}"
step "end-to-end tests (node --test, headless Chromium)" node --test --test-reporter=spec "${E2E_FILES[@]}"

printf '\nAll checks passed in %ds.\n' "$((SECONDS - T_ALL))"
