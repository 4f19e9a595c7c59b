# A throwaway PostgreSQL server for the database tests, on 127.0.0.1 only.
#
#   source scripts/postgres-test-server.sh      (scripts/test-all.sh does)
#   pg_test_server_start && ... "$TEST_POSTGRES_URL" ...; pg_test_server_stop
#
#   bash scripts/postgres-test-server.sh run npx vitest run tests/db
#       starts a server, runs the command with TEST_POSTGRES_URL set, stops and removes the server
#
# The cluster lives in a temporary directory (initdb -A trust: no passwords, which is why it only
# listens on 127.0.0.1 and its socket is in /tmp) and is deleted by pg_test_server_stop. As root,
# Debian's `postgresql` package is installed with apt-get when missing, and the server runs as the
# user postgres (initdb refuses to run as root). PG_TEST_PORT picks the port (default 54329).

PG_TEST_PORT="${PG_TEST_PORT:-54329}"
PG_TEST_DIR=""

# The directory of initdb and pg_ctl: Debian's newest /usr/lib/postgresql/<version>/bin, or the PATH's.
pg_test_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
  elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v initdb)"
  else
    return 1
  fi
}

# Runs a command as the server's owner: postgres when we are root, ourselves otherwise.
pg_test_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts the server and exports TEST_POSTGRES_URL; returns non-zero (with a message) when it cannot.
pg_test_server_start() {
  local bin
  if ! bin="$(pg_test_bindir)"; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing PostgreSQL (apt-get install -y postgresql)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || {
        echo "Could not install PostgreSQL; run: apt-get update && apt-get install -y postgresql" >&2
        return 1
      }
      bin="$(pg_test_bindir)" || { echo "PostgreSQL was installed but initdb/pg_ctl are not in /usr/lib/postgresql/*/bin" >&2; return 1; }
    else
      echo "PostgreSQL is not installed, so the database tests cannot run on PostgreSQL." >&2
      echo "Install it with: sudo apt-get update && sudo apt-get install -y postgresql (initdb and pg_ctl in /usr/lib/postgresql/<version>/bin or on the PATH)" >&2
      return 1
    fi
  fi

  PG_TEST_DIR="$(mktemp -d "${TMPDIR:-/tmp}/etcd-academy-postgres.XXXXXX")" || return 1
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "There is no user postgres to run the server as (initdb refuses root)." >&2; pg_test_server_stop; return 1; }
    chown postgres: "$PG_TEST_DIR"
  fi
  if ! pg_test_as_owner "$bin/initdb" -D "$PG_TEST_DIR/data" -A trust -U postgres -E UTF8 --no-sync >"$PG_TEST_DIR/initdb.log" 2>&1; then
    echo "initdb failed:" >&2
    cat "$PG_TEST_DIR/initdb.log" >&2
    pg_test_server_stop
    return 1
  fi
  if ! pg_test_as_owner "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/data/server.log" -w -t 60 \
    -o "-p $PG_TEST_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
    echo "PostgreSQL did not start on 127.0.0.1:$PG_TEST_PORT (is the port taken?):" >&2
    cat "$PG_TEST_DIR/data/server.log" >&2
    pg_test_server_stop
    return 1
  fi
  export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$PG_TEST_PORT/postgres"
  echo "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PG_TEST_PORT (data in $PG_TEST_DIR)"
}

# Stops the server started by pg_test_server_start and removes its directory; safe to call twice.
pg_test_server_stop() {
  [ -n "$PG_TEST_DIR" ] || return 0
  local bin
  if [ -f "$PG_TEST_DIR/data/postmaster.pid" ] && bin="$(pg_test_bindir)"; then
    pg_test_as_owner "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -m fast -w -t 30 stop >/dev/null ||
      pg_test_as_owner "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate -w stop >/dev/null
  fi
  rm -rf "$PG_TEST_DIR"
  PG_TEST_DIR=""
  unset TEST_POSTGRES_URL
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  if [ "${1:-}" != run ] || [ $# -lt 2 ]; then
    echo "usage: bash scripts/postgres-test-server.sh run <command...>   (e.g. npx vitest run tests/db)" >&2
    exit 2
  fi
  shift
  trap pg_test_server_stop EXIT
  trap 'exit 130' INT TERM
  pg_test_server_start || exit 1
  "$@"
  exit $?
fi
