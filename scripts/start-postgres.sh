#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on a free loopback port and prints its admin URL.
# PostgreSQL refuses to run as root, so the cluster belongs to the postgres user.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
dir=$(mktemp -d /tmp/herald-pg.XXXXXX)
chown postgres:postgres "$dir"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
# The caller may ask where the cluster lives, to stop exactly this one later.
[ -n "${PG_DIR_FILE:-}" ] && echo "$dir/data" > "$PG_DIR_FILE"
echo "postgres://postgres@127.0.0.1:$port/postgres"
