#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server on a free loopback port, and exports
# BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (read by @backstage/backend-test-utils'
# TestDatabases) plus SKYFORGE_TEST_POSTGRES_URL. The server and its data are removed afterwards.
# usage: scripts/with-postgres.sh <command> [args...]
set -euo pipefail
# runuser and useradd live in sbin, which a minimal PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

PG_BIN="$(dirname "$(readlink -f "$(command -v postgres || ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1 || true)")")"
if [[ ! -x "$PG_BIN/initdb" ]]; then
  echo "[with-postgres] PostgreSQL binaries not found; install Debian's postgresql package" >&2
  exit 1
fi

DATA_DIR="$(mktemp -d /tmp/skyforge-pg.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
# initdb refuses to run as root; run the server as the postgres system user when we are root.
AS=()
if [[ "$(id -u)" == 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DATA_DIR"
  AS=(runuser -u postgres --)
fi

cleanup() {
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

"${AS[@]}" "$PG_BIN/initdb" -D "$DATA_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA_DIR/data" -l "$DATA_DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DATA_DIR -c max_connections=200 -c fsync=off" \
  start >/dev/null

export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres@127.0.0.1:$PORT"
export SKYFORGE_TEST_POSTGRES_URL="$BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING"
echo "[with-postgres] PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
"$@"
