#!/usr/bin/env bash
# Proof of installability: packs every publishable package (`yarn pack`, as `npm publish` would
# ship it), creates a new app with the registry's @backstage/create-app in a temporary folder,
# installs the tarballs there, wires them the way the packages' READMEs say, builds that app's
# frontend, boots its backend and reads the Skyforge cost, health and fleet APIs, the scaffolder's
# action list and the `skyforge` CLI of the installed renderer.
#
# usage: scripts/verify-packaging.sh [--keep] [--skip-frontend]
#   --keep           keep the temporary folder (its path is printed)
#   --skip-frontend  skip the app's frontend build (the slowest step)
# Not part of `make test` (it takes several minutes: an app install of about 2 GB and a bundle).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -z "${SKYFORGE_TOOLCHAIN:-}" ]]; then
  exec "$ROOT/scripts/skyforge.sh" run "$0" "$@"
fi

KEEP=0
FRONTEND=1
for argument in "$@"; do
  case "$argument" in
    --keep) KEEP=1 ;;
    --skip-frontend) FRONTEND=0 ;;
    *)
      echo "usage: scripts/verify-packaging.sh [--keep] [--skip-frontend]" >&2
      exit 2
      ;;
  esac
done

PACKAGES=(
  packages/stack-checks
  packages/stack-renderer
  plugins/skyforge-common
  plugins/skyforge-node
  plugins/skyforge
  plugins/skyforge-backend
  plugins/kubernetes-backend-module-skyforge
  plugins/scaffolder-backend-module-skyforge
)
YARN_RELEASE="$(ls "$ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
yarn() { node "$YARN_RELEASE" "$@"; }

WORK="$(mktemp -d /tmp/skyforge-packaging.XXXXXX)"
# create-app checks for a `yarn` command: this repository's Yarn release (the app's is the same).
mkdir -p "$WORK/bin"
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$YARN_RELEASE" >"$WORK/bin/yarn"
chmod +x "$WORK/bin/yarn"
export PATH="$WORK/bin:$PATH"
trap 'echo "[packaging] failed at line $LINENO: $BASH_COMMAND" >&2' ERR
BACKEND_PID=""
cleanup() {
  if [[ -n "$BACKEND_PID" ]]; then
    kill -- "-$BACKEND_PID" 2>/dev/null || kill "$BACKEND_PID" 2>/dev/null || true
    wait "$BACKEND_PID" 2>/dev/null || true
  fi
  if [[ "$KEEP" == 1 ]]; then
    echo "[packaging] kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

started=$SECONDS
phase_started=$SECONDS
say() { printf '\033[1;34m[packaging]\033[0m %s\n' "$*"; }
done_phase() {
  say "$1 ($((SECONDS - phase_started)) s)"
  phase_started=$SECONDS
}

# 1. Build and pack. tsc writes the declarations the package builds bundle into dist/*.d.ts.
cd "$ROOT"
yarn install --immutable >/dev/null
yarn tsc
for package in "${PACKAGES[@]}"; do
  (cd "$package" && yarn backstage-cli package build >/dev/null)
done
mkdir -p "$WORK/tarballs"
declare -A TARBALL
for package in "${PACKAGES[@]}"; do
  name="$(node -p "require('./$package/package.json').name")"
  file="$WORK/tarballs/$(basename "$package").tgz"
  # yarn pack runs prepack/postpack: package.json points at dist/ inside the tarball only, and
  # workspace: ranges become the packages' versions.
  (cd "$package" && yarn pack --out "$file" >/dev/null)
  TARBALL["$name"]="$file"
  printf '  %-55s %8s bytes, %3s files\n' "$name" "$(stat -c %s "$file")" \
    "$(tar tzf "$file" | grep -vc '/$')"
  if tar tzf "$file" | grep -qE '^package/src/|\.test\.|__testUtils__|__fixtures__'; then
    echo "[packaging] $name ships sources or tests:" >&2
    tar tzf "$file" | grep -E '^package/src/|\.test\.|__testUtils__|__fixtures__' >&2
    exit 1
  fi
done
done_phase "built and packed ${#PACKAGES[@]} packages"

# 2. A new app from the registry's create-app (no install yet).
CREATE_APP_VERSION="$(npm view @backstage/create-app version)"
BACKSTAGE_APP_NAME=skyforge-adopter npx --yes "@backstage/create-app@$CREATE_APP_VERSION" \
  --path "$WORK/app" --skip-install >"$WORK/create-app.log" 2>&1 || {
  tail -n 40 "$WORK/create-app.log" >&2
  exit 1
}
APP="$WORK/app"
done_phase "created an app with @backstage/create-app $CREATE_APP_VERSION (its template: Backstage $(node -p "require('$APP/backstage.json').version"))"

# 3. Move the app to the Backstage release this repository is on (create-app on the registry is
#    older, and its ^ ranges alone install a mix that does not start: signals-backend 0.3.21 needs
#    the httpRouter of backend-defaults 0.19), the way `backstage-cli versions:bump` would: each
#    @backstage/* package at the version this repository's yarn.lock holds, else the registry's.
#    Then wire the tarballs as the READMEs say: the backend plugin, the Kubernetes backend module
#    and the scaffolder module with one backend.add line each, the frontend plugin as an app
#    dependency (app.packages: all discovers it). The Skyforge packages the plugins depend on are not on the registry, so
#    resolutions point them at their tarballs too; the registry-mirror pins are this repository's.
TARBALLS_JSON="$(for name in "${!TARBALL[@]}"; do echo "$name=${TARBALL[$name]}"; done)" \
  ROOT="$ROOT" APP="$APP" node <<'EOF'
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, APP, TARBALLS_JSON } = process.env;
const tarballs = Object.fromEntries(
  TARBALLS_JSON.trim().split('\n').map(line => {
    const at = line.indexOf('=');
    return [line.slice(0, at), `file:${line.slice(at + 1)}`];
  }),
);
const edit = (file, change) => {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(json);
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
};
const ours = require(path.join(ROOT, 'package.json'));
const locked = new Map();
for (const match of fs
  .readFileSync(path.join(ROOT, 'yarn.lock'), 'utf8')
  .matchAll(/^"(@backstage\/[^@"]+)@npm:[^\n]*\n  version: (\S+)$/gm)) {
  const [, name, version] = match;
  const newer = (a, b) =>
    a.split('.').map(Number).reduce((c, n, i) => c || n - b.split('.').map(Number)[i], 0) > 0;
  if (!locked.has(name) || newer(version, locked.get(name))) locked.set(name, version);
}
const bumpBackstage = json => {
  for (const field of ['dependencies', 'devDependencies']) {
    for (const name of Object.keys(json[field] ?? {})) {
      if (!name.startsWith('@backstage/')) continue;
      const version =
        locked.get(name) ??
        require('node:child_process')
          .execFileSync('npm', ['view', name, 'version'], { encoding: 'utf8' })
          .trim();
      json[field][name] = `^${version}`;
    }
  }
};
for (const manifest of ['package.json', 'packages/app/package.json', 'packages/backend/package.json'])
  edit(path.join(APP, manifest), bumpBackstage);
fs.copyFileSync(path.join(ROOT, 'backstage.json'), path.join(APP, 'backstage.json'));
edit(path.join(APP, 'package.json'), json => {
  json.resolutions = { ...json.resolutions, ...ours.resolutions, ...tarballs };
});
edit(path.join(APP, 'packages/backend/package.json'), json => {
  for (const name of [
    '@skyforge/plugin-skyforge-backend',
    '@skyforge/plugin-kubernetes-backend-module-skyforge',
    '@skyforge/plugin-scaffolder-backend-module-skyforge',
  ])
    json.dependencies[name] = tarballs[name];
});
edit(path.join(APP, 'packages/app/package.json'), json => {
  json.dependencies['@skyforge/plugin-skyforge'] = tarballs['@skyforge/plugin-skyforge'];
});
const backendIndex = path.join(APP, 'packages/backend/src/index.ts');
const source = fs.readFileSync(backendIndex, 'utf8');
fs.writeFileSync(
  backendIndex,
  source.replace(
    'backend.start();',
    "backend.add(import('@skyforge/plugin-skyforge-backend'));\n" +
      "backend.add(import('@skyforge/plugin-kubernetes-backend-module-skyforge'));\n" +
      "backend.add(import('@skyforge/plugin-scaffolder-backend-module-skyforge'));\n\n" +
      'backend.start();',
  ),
);
EOF
mkdir -p "$APP/skyforge"
cp "$ROOT/examples/cost/focus-1.0_sample_1000.csv" "$APP/skyforge/"
cat >"$APP/skyforge/entities.yaml" <<'EOF'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bright-path-matrix
  annotations:
    skyforge.io/cost-selector: application=BrightPathMatrix
    skyforge.io/budget: 20 USD
spec:
  type: service
  lifecycle: experimental
  owner: guests
EOF
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
cat >"$APP/app-config.skyforge.yaml" <<EOF
backend:
  baseUrl: http://127.0.0.1:$PORT
  listen: { port: $PORT, host: 127.0.0.1 }
  database: { client: better-sqlite3, connection: ':memory:' }
catalog:
  locations:
    - type: file
      target: ../../skyforge/entities.yaml
# The Kubernetes backend (which Skyforge's health reads) does not start without this section.
kubernetes:
  serviceLocatorMethod: { type: multiTenant }
  clusterLocatorMethods:
    - type: config
      clusters: []
skyforge:
  cost:
    sources:
      - id: focus-sample
        type: focus
        options:
          path: ../../skyforge/focus-1.0_sample_1000.csv
EOF
done_phase "moved the app to Backstage $(node -p "require('$APP/backstage.json').version") and wired the packages into it"

# 4. Install (the warm Yarn cache serves most of it) and, unless skipped, build the frontend.
(cd "$APP" && yarn install >"$WORK/install.log" 2>&1) || {
  tail -n 40 "$WORK/install.log" >&2
  exit 1
}
done_phase "yarn install in the app: $(du -sh "$APP/node_modules" | cut -f1) node_modules"
for name in "${!TARBALL[@]}"; do
  version="$(node -p "require('$APP/node_modules/$name/package.json').version")"
  main="$(node -p "require('$APP/node_modules/$name/package.json').main")"
  printf '  installed %-55s %s (main: %s)\n' "$name" "$version" "$main"
done
if [[ "$FRONTEND" == 1 ]]; then
  (cd "$APP" && yarn workspace app build >"$WORK/frontend.log" 2>&1) || {
    tail -n 60 "$WORK/frontend.log" >&2
    exit 1
  }
  grep -l 'skyforge' "$APP"/packages/app/dist/static/*.js >/dev/null || {
    echo "[packaging] the app bundle holds no Skyforge code" >&2
    exit 1
  }
  done_phase "built the app's frontend with @skyforge/plugin-skyforge in it"
fi

# 5. The renderer's CLI, from the installed package's build output.
cat >"$WORK/stack.yaml" <<'EOF'
apiVersion: skyforge.io/v1alpha1
kind: Stack
metadata: { name: payments-api, owner: group:default/payments }
spec:
  clouds: [aws]
  regions: { aws: us-east-1 }
  app: { image: ghcr.io/acme/payments-api:1.4.2 }
EOF
SKYFORGE_CLI="$APP/node_modules/@skyforge/stack-renderer/bin/skyforge"
node "$SKYFORGE_CLI" validate "$WORK/stack.yaml"
node "$SKYFORGE_CLI" render "$WORK/stack.yaml" --out "$WORK/payments-infra" | tail -n 1
done_phase "ran the installed skyforge CLI"

# 6. Boot the app's backend and read the APIs as the guest user.
(
  cd "$APP/packages/backend"
  exec setsid node "$YARN_RELEASE" start --config ../../app-config.yaml \
    --config ../../app-config.skyforge.yaml >"$WORK/backend.log" 2>&1
) &
BACKEND_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 180); do
  if curl -fs "$BASE/.backstage/health/v1/readiness" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$BACKEND_PID" 2>/dev/null; then
    tail -n 60 "$WORK/backend.log" >&2
    exit 1
  fi
  sleep 1
done
curl -fs "$BASE/.backstage/health/v1/readiness" >/dev/null || {
  tail -n 60 "$WORK/backend.log" >&2
  exit 1
}
done_phase "the app's backend is ready on $BASE"

TOKEN="$(curl -fs -H 'X-Requested-With: XMLHttpRequest' \
  "$BASE/api/auth/guest/refresh?env=development" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).backstageIdentity.token))')"
api() { curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/$1"; }

COST_URL="skyforge/v1/entities/default/component/bright-path-matrix/cost?granularity=month"
cost=""
for _ in $(seq 1 90); do
  cost="$(api "$COST_URL" 2>/dev/null || true)"
  if [[ -n "$cost" ]] && node -e 'const c=JSON.parse(process.argv[1]);process.exit(c.currencies?.[0]?.total>0?0:1)' "$cost"; then
    break
  fi
  sleep 2
done
node -e '
const cost = JSON.parse(process.argv[1]);
const usd = cost.currencies?.[0];
if (!usd || !(usd.total > 0)) {
  console.error("[packaging] no cost for bright-path-matrix:", process.argv[1]);
  process.exit(1);
}
console.log(`  GET /api/skyforge/v1/entities/default/component/bright-path-matrix/cost: ${usd.currency} ${usd.total.toFixed(2)} over ${cost.from}..${cost.to}; budget ${usd.budget?.status ?? "none"}; top service ${usd.breakdown?.[0]?.key}`);
' "$cost"
api "skyforge/v1/cost/sources" | node -e '
let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
  for (const source of JSON.parse(s).sources)
    console.log(`  GET /api/skyforge/v1/cost/sources: ${source.id} (${source.type}) data through ${source.dataThrough ?? "?"}, last error ${source.lastError ?? "none"}`);
});'
api "skyforge/v1/entities/default/component/bright-path-matrix/health" | node -e '
let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
  const health = JSON.parse(s);
  console.log(`  GET /api/skyforge/v1/entities/default/component/bright-path-matrix/health: ${health.status} (${health.reasons.join("; ")}), ${health.clusters.length} clusters (none configured)`);
});'
api "skyforge/v1/fleet" | node -e '
let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
  const fleet = JSON.parse(s);
  console.log(`  GET /api/skyforge/v1/fleet: ${fleet.clusters.length} clusters, generated ${fleet.generatedAt}`);
});'
api "scaffolder/v2/actions" | node -e '
let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
  const ids = JSON.parse(s).map(action => action.id).filter(id => id.startsWith("skyforge:"));
  if (ids.length !== 2) { console.error("[packaging] Skyforge actions missing:", ids); process.exit(1); }
  console.log(`  GET /api/scaffolder/v2/actions: ${ids.join(", ")}`);
});'
done_phase "read the Skyforge APIs from the app's backend"
say "all packages install and run in a new app; total $((SECONDS - started)) s"
