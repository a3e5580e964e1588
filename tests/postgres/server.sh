#!/usr/bin/env bash
# A PostgreSQL server of Debian's for the tests: `server.sh start STATE_DIR` makes a new
# cluster in a temporary directory (as the unprivileged `postgres` user when run as
# root), starts it on a free loopback port and prints its URL (also kept in
# STATE_DIR/url); `server.sh stop STATE_DIR` stops it and removes everything.
set -euo pipefail
cmd=${1:?start or stop}
state=${2:?state directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$bin" ]]; then
  echo "server.sh: no PostgreSQL server (apt-get install postgresql)" >&2
  exit 1
fi
as_owner() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $cmd in
  start)
    mkdir -p "$state"
    data=$(mktemp -d /tmp/sb-postgres-XXXXXX)
    echo "$data" > "$state/data"
    [[ $(id -u) == 0 ]] && chown postgres: "$data"
    as_owner "$bin/initdb" -D "$data/db" -A trust -U switchboard -E UTF8 --no-sync \
      > "$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; exit 1; }
    for _ in 1 2 3 4 5; do
      port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      if as_owner "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 30 \
           -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
           start > /dev/null; then
        echo "postgresql://switchboard@127.0.0.1:$port/postgres" | tee "$state/url"
        exit 0
      fi
    done
    cat "$data/server.log" >&2
    exit 1
    ;;
  stop)
    if [[ -f "$state/data" ]]; then
      data=$(cat "$state/data")
      as_owner "$bin/pg_ctl" -D "$data/db" -m immediate stop > /dev/null 2>&1 || true
      rm -rf "$data"
    fi
    rm -rf "$state"
    ;;
  *)
    echo "server.sh: start or stop" >&2
    exit 2
    ;;
esac
