#!/usr/bin/env bash
# Starts or stops the throw-away PostgreSQL the integration tests run against.
#   pg-test-server.sh start PORT [SQL]  initdb in /tmp, start on 127.0.0.1:PORT, create the database "platform" owned
#                                       by "platform_owner" (password "platform_owner": the migrations' user) and the
#                                       user "platform" (password "platform": the platform's user, which the owner
#                                       grants rows only), neither superuser nor BYPASSRLS, as in production; load SQL
#                                       into it as the owner (a database an earlier version of the platform left).
#                                       The superuser "dba" (no password) is for tests that look behind the platform.
#   pg-test-server.sh stop PORT
# For the outage tests, on a server started as above (its data stays):
#   pg-test-server.sh halt PORT         stop it as an operator would (fast shutdown: clients are disconnected)
#   pg-test-server.sh resume PORT       start it again after halt
#   pg-test-server.sh freeze PORT       SIGSTOP every process of the server: connections stay open, nothing answers
#   pg-test-server.sh thaw PORT         SIGCONT them
# Backup and restore as docs/operations.md describes them, as the schema's owner:
#   pg-test-server.sh backup PORT FILE  pg_dump of the database "platform" (custom format), while the platform runs
#   pg-test-server.sh restore PORT FILE pg_restore of it into the empty database "platform" of a fresh server
# PG_SERVER_OPTIONS adds server options to the start (e.g. "-c shared_preload_libraries=pg_stat_statements").
# Uses the machine's PostgreSQL server binaries (Debian: apt-get install postgresql). PostgreSQL refuses to
# run as root, so as root the server runs as the "postgres" system user.
set -euo pipefail
action=$1
port=${2:-15432}
seed=${3:-}
# One directory per checkout and port, so that two checkouts never stop each other's database.
dir=/tmp/deutschland-stack-pg-$port-$(pwd | md5sum | cut -c1-8)

bindir=""
for candidate in "$(command -v pg_config >/dev/null 2>&1 && pg_config --bindir || true)" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [[ -n "$candidate" && -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then bindir=$candidate; break; fi
done
if [[ -z "$bindir" ]]; then
  echo "No PostgreSQL server binaries found (initdb, pg_ctl). Install them: apt-get install postgresql" >&2
  exit 1
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [[ -f "$dir/data/postmaster.pid" ]]; then as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir"; fi
    as_owner "$bindir/initdb" -D "$dir/data" -U dba --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Durability settings off: this database lives for one test run.
    echo "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${PG_SERVER_OPTIONS:-}" >"$dir/options"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$(cat "$dir/options")" >/dev/null
    as_owner "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U dba -d postgres \
      -c "create role platform_owner login password 'platform_owner' nosuperuser nobypassrls nocreaterole nocreatedb" \
      -c "create role platform login password 'platform' nosuperuser nobypassrls nocreaterole nocreatedb" >/dev/null
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U dba -O platform_owner platform
    if [[ -n "$seed" ]]; then
      # On standard input, so that the server's system user need not read the caller's files.
      as_owner "$bindir/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U platform_owner -d platform <"$seed" >"$dir/seed.log" 2>&1 \
        || { cat "$dir/seed.log" >&2; exit 1; }
      echo "Loaded $seed"
    fi
    echo "PostgreSQL ${bindir} listening on 127.0.0.1:$port (database platform of platform_owner, user platform; superuser dba)"
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
    rm -rf "$dir"
    ;;
  halt)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$(cat "$dir/options")" >/dev/null
    ;;
  backup)
    PGPASSWORD=platform_owner "$bindir/pg_dump" -h 127.0.0.1 -p "$port" -U platform_owner -Fc -f "$3" platform
    ;;
  restore)
    PGPASSWORD=platform_owner "$bindir/pg_restore" -h 127.0.0.1 -p "$port" -U platform_owner -d platform --exit-on-error "$3"
    ;;
  freeze|thaw)
    signal=$([[ "$action" == freeze ]] && echo STOP || echo CONT)
    postmaster=$(head -1 "$dir/data/postmaster.pid")
    # The children first on freeze, so that none is left answering while the postmaster already sleeps.
    for child in $(pgrep -P "$postmaster"); do kill -"$signal" "$child"; done
    kill -"$signal" "$postmaster"
    ;;
  *)
    echo "usage: $0 start|stop|halt|resume|freeze|thaw PORT | backup|restore PORT FILE" >&2; exit 2 ;;
esac
