#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster: initdb in a temporary folder as the
# unprivileged 'postgres' user, on a free loopback port; exports YIGONG_TEST_PG (a libpq URL) to
# the command; stops the cluster and removes the folder afterwards, whatever the command's result.
# Usage: tests/support/pg_cluster.sh COMMAND [ARGS…]
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "pg_cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 2
fi
runas=postgres
id "$runas" >/dev/null 2>&1 || { echo "pg_cluster: no '$runas' user" >&2; exit 2; }

dir=$(mktemp -d /tmp/yigong-pg.XXXXXX)
chown "$runas" "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_pg() { if [ "$(id -un)" = "$runas" ]; then "$@"; else runuser -u "$runas" -- "$@"; fi; }

cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

as_pg "$pgbin/initdb" -D "$dir/data" -A trust -U yigong -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 2; }
# fsync off: the cluster is thrown away; durability is tested on SQLite.
as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 2; }

export YIGONG_TEST_PG="postgresql://yigong@127.0.0.1:$port/postgres"
echo "pg_cluster: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $port"
set +e
"$@"
rc=$?
set -e
exit $rc
