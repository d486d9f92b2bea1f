# shellcheck shell=bash
# Tafel bootstrap: installs only what is missing, checks versions, sets up the environment.
#
# Usage (from scripts/run.sh and scripts/test.sh):
#     source scripts/bootstrap.sh            # build tools only (run.sh)
#     source scripts/bootstrap.sh --browser  # also Chromium + ChromeDriver (test.sh)
# It can also be executed directly (`bash scripts/bootstrap.sh [--browser]`) to install the tools;
# the exported variables then only live in that process.
#
# Warm: a few seconds. Cold (new machine): roughly 25-30 minutes on 2 cores, mostly
# `cargo install` of trunk (~9 min), wasm-bindgen-cli (~14 min) and wasm-split-cli (~6 min).
#
# Exports:
#   PATH              += ~/.cargo/bin and <repo>/node_modules/.bin (wasm-opt from npm binaryen@132)
#   CARGO_TARGET_DIR  defaults to ~/.cache/tafel-target: outside the clone, so CI's fresh clone
#                     reuses warm dependency builds. Set it yourself to override.

# Pinned versions. Keep in sync with Trunk.toml [tools] and Cargo.toml (wasm-bindgen = "=0.2.130").
TAFEL_TRUNK_VERSION="0.21.14"
TAFEL_WASM_BINDGEN_VERSION="0.2.130"
TAFEL_WASM_OPT_VERSION="132"
TAFEL_WASM_SPLIT_VERSION="0.2.4"
TAFEL_NODE_MAJOR_MIN="20"

_tafel_log() { printf '[bootstrap] %s\n' "$*"; }
_tafel_die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; return 1; }

# Wait while someone else (another shell, the lead's background install) runs `cargo install <crate>`,
# so that we never start a second concurrent install of the same tool.
_tafel_wait_for_foreign_install() {
  local crate="$1" waited=0
  while pgrep -f "cargo install.*[[:space:]]${crate}([[:space:]]|$)" >/dev/null 2>&1; do
    if (( waited % 60 == 0 )); then
      _tafel_log "another 'cargo install ${crate}' is running; waiting for it (${waited}s so far)"
    fi
    sleep 5
    waited=$((waited + 5))
  done
}

# Print the version of a command's `--version` output (second word), or nothing.
_tafel_tool_version() {
  "$1" --version 2>/dev/null | head -n1 | awk '{print $2}'
}

_tafel_cargo_install() {
  # $1 = binary name, $2 = wanted version, $3 = crate, rest = extra `cargo install` flags
  local bin="$1" want="$2" crate="$3"
  shift 3
  local have
  have="$(_tafel_tool_version "$bin")"
  if [[ "$have" == "$want" ]]; then
    _tafel_log "$bin $have ok"
    return 0
  fi
  _tafel_wait_for_foreign_install "$crate"
  have="$(_tafel_tool_version "$bin")"
  if [[ "$have" == "$want" ]]; then
    _tafel_log "$bin $have ok (installed by a concurrent job)"
    return 0
  fi
  local force=()
  [[ -n "$have" ]] && force=(--force)
  _tafel_log "installing $bin $want (found: ${have:-none}); this takes several minutes on a cold machine"
  local t0=$SECONDS
  # No CARGO_TARGET_DIR for `cargo install`: its build would otherwise stay in the project's target dir.
  env -u CARGO_TARGET_DIR cargo install "${force[@]}" "$@" "$crate" --version "$want" \
    || _tafel_die "cargo install $crate $want failed" || return 1
  have="$(_tafel_tool_version "$bin")"
  [[ "$have" == "$want" ]] || _tafel_die "$bin reports version '${have}' after install, want $want" || return 1
  _tafel_log "$bin $have installed in $((SECONDS - t0))s"
}

_tafel_apt_install() {
  # Installs Debian packages; runs `apt-get update` only when the package lists can't provide them.
  local sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  local need_update=0 p
  for p in "$@"; do
    if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then need_update=1; fi
  done
  if (( need_update )); then
    _tafel_log "apt-get update"
    "${sudo[@]}" apt-get update -qq || _tafel_die "apt-get update failed" || return 1
  fi
  _tafel_log "apt-get install $*"
  if ! "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null; then
    # Stale package lists can name files the mirror no longer has: refresh once and retry.
    _tafel_log "apt-get install failed; refreshing package lists and retrying"
    "${sudo[@]}" apt-get update -qq || _tafel_die "apt-get update failed" || return 1
    "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null || _tafel_die "apt-get install $* failed" || return 1
  fi
}

tafel_bootstrap() {
  local want_browser=0 arg
  for arg in "$@"; do
    case "$arg" in
      --browser) want_browser=1 ;;
      *) _tafel_die "unknown argument: $arg (expected --browser)" || return 1 ;;
    esac
  done

  local t_start=$SECONDS
  TAFEL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  export TAFEL_ROOT

  if [[ -z "${HOME:-}" ]]; then
    HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
    export HOME
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tafel-target}"
  mkdir -p "$CARGO_TARGET_DIR"
  _tafel_log "CARGO_TARGET_DIR=$CARGO_TARGET_DIR"

  # --- Rust toolchain: cargo, rustfmt, clippy, wasm32 target ---------------------------------
  command -v cargo >/dev/null || _tafel_die "cargo not found (install Rust with rustup)" || return 1
  if command -v rustup >/dev/null; then
    if ! rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
      _tafel_log "rustup target add wasm32-unknown-unknown"
      rustup target add wasm32-unknown-unknown || _tafel_die "rustup target add failed" || return 1
    else
      _tafel_log "wasm32-unknown-unknown target ok"
    fi
    local comp
    for comp in rustfmt clippy; do
      if ! rustup component list --installed 2>/dev/null | grep -q "^${comp}"; then
        _tafel_log "rustup component add $comp"
        rustup component add "$comp" || _tafel_die "rustup component add $comp failed" || return 1
      fi
    done
  else
    _tafel_log "rustup not found; assuming the toolchain already has wasm32-unknown-unknown, rustfmt, clippy"
  fi

  # --- Trunk and wasm-bindgen-cli (cargo install) -------------------------------------------
  # trunk: --locked is required (without it a newer lightningcss alpha breaks the build);
  # 0.22.x needs a newer rustc.
  _tafel_cargo_install trunk "$TAFEL_TRUNK_VERSION" trunk --locked || return 1
  # wasm-bindgen-cli: WITHOUT --locked (its lock file names a crate version the registry lacks).
  # Must equal the wasm-bindgen crate version in Cargo.toml exactly.
  _tafel_cargo_install wasm-bindgen "$TAFEL_WASM_BINDGEN_VERSION" wasm-bindgen-cli || return 1
  # wasm-split-cli (crate wasm_split_cli_support) splits the wasm into the first-load module and the
  # chunks of the views loaded on demand (scripts/split-wasm.mjs, Trunk's post_build hook). It has no
  # --version, so cargo's list of installed crates tells which version is there.
  if cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v${TAFEL_WASM_SPLIT_VERSION}:"; then
    _tafel_log "wasm-split-cli ${TAFEL_WASM_SPLIT_VERSION} ok"
  else
    _tafel_wait_for_foreign_install wasm_split_cli_support
    if ! cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v${TAFEL_WASM_SPLIT_VERSION}:"; then
      _tafel_log "installing wasm-split-cli ${TAFEL_WASM_SPLIT_VERSION}; this takes several minutes on a cold machine"
      local t0=$SECONDS
      env -u CARGO_TARGET_DIR cargo install --force --locked --features build-binary \
        wasm_split_cli_support --version "$TAFEL_WASM_SPLIT_VERSION" \
        || _tafel_die "cargo install wasm_split_cli_support $TAFEL_WASM_SPLIT_VERSION failed" || return 1
      _tafel_log "wasm-split-cli installed in $((SECONDS - t0))s"
    fi
  fi

  # --- Node.js + npm packages (wasm-opt from binaryen, playwright-core) ----------------------
  command -v node >/dev/null || _tafel_die "node not found (Node.js >= ${TAFEL_NODE_MAJOR_MIN} is needed)" || return 1
  command -v npm >/dev/null || _tafel_die "npm not found" || return 1
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  (( node_major >= TAFEL_NODE_MAJOR_MIN )) \
    || _tafel_die "node $(node --version) is too old; need >= ${TAFEL_NODE_MAJOR_MIN}" || return 1

  local stamp="$TAFEL_ROOT/node_modules/.tafel-lock-stamp" lock_sum
  lock_sum="$( (cat "$TAFEL_ROOT/package-lock.json"; node --version) | sha256sum | awk '{print $1}')"
  if [[ ! -d "$TAFEL_ROOT/node_modules" || ! -f "$stamp" || "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]]; then
    _tafel_log "npm ci (node_modules missing or stale)"
    (cd "$TAFEL_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || _tafel_die "npm ci failed" || return 1
    printf '%s\n' "$lock_sum" >"$stamp"
  else
    _tafel_log "node_modules ok"
  fi
  export PATH="$TAFEL_ROOT/node_modules/.bin:$PATH"
  local wasm_opt_version
  wasm_opt_version="$(wasm-opt --version 2>/dev/null | awk '{print $3}')"
  [[ "$wasm_opt_version" == "$TAFEL_WASM_OPT_VERSION" ]] \
    || _tafel_die "wasm-opt on PATH is '${wasm_opt_version}' ($(command -v wasm-opt)), want ${TAFEL_WASM_OPT_VERSION} from npm binaryen" || return 1
  _tafel_log "wasm-opt $wasm_opt_version ok ($(command -v wasm-opt))"

  # --- Browser for the end-to-end tests -------------------------------------------------------
  if (( want_browser )); then
    local missing=()
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
    if (( ${#missing[@]} )); then
      _tafel_apt_install "${missing[@]}" || return 1
    fi
    _tafel_log "$(/usr/bin/chromium --version 2>/dev/null | head -n1) ok"
    export TAFEL_CHROMIUM="${TAFEL_CHROMIUM:-/usr/bin/chromium}"
  fi

  _tafel_log "ready in $((SECONDS - t_start))s"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  # Executed, not sourced.
  set -euo pipefail
  tafel_bootstrap "$@"
else
  tafel_bootstrap "$@" || return 1
fi
