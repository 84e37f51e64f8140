#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for development and CI (TCP only, 127.0.0.1, trust auth, fsync on).
#
#   ops/postgres/server.sh start   [--dir DIR]   install (apt) if needed, initdb, start; prints the URL
#   ops/postgres/server.sh stop    [--dir DIR]   fast shutdown (SIGKILL after 10 s)
#   ops/postgres/server.sh restart [--dir DIR]   (stop if running and) start on the same data and port
#   ops/postgres/server.sh kill    [--dir DIR]   kill -9 the postmaster (crash simulation for tests)
#   ops/postgres/server.sh status  [--dir DIR]   exit 0 and print the URL if running
#   with --owner PID, start and restart also stop the service once process PID is gone
#
# Without --dir, start uses a fresh temp dir; the other commands use the dir of the last start that
# had no --dir (remembered in .cache/postgres/last-dir). Only the URL
# postgres://postgres@127.0.0.1:PORT/netledger goes to stdout; everything else goes to stderr.
# DIR holds pg/ (the cluster, owned by postgres when run as root), port, url, server.pid, server.log.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE=$ROOT/.cache/postgres
SERVICE=postgres
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DB=netledger
READY_TIMEOUT=${PG_READY_TIMEOUT:-60}

# shellcheck source=../service-lib.sh
. "$SCRIPT_DIR/../service-lib.sh"
parse_args "$@"

# initdb/postgres refuse to run as root: as root, run them as the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

ensure_installed() {
  [ -x "$PGBIN/initdb" ] && return 0
  [ "$(id -u)" = 0 ] || die "$PGBIN/initdb is missing; install postgresql (apt-get install postgresql) as root"
  local t0 try; t0=$(now)
  log "installing postgresql with apt (initdb missing)"
  for try in 1 2 3; do
    if apt-get -o DPkg::Lock::Timeout=600 update -q >&2 &&
       DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 postgresql >&2 &&
       [ -x "$PGBIN/initdb" ]; then
      log "postgresql installed in $(since "$t0") s"
      return 0
    fi
    log "apt-get failed (try $try/3)"; sleep $((try * 5))
  done
  die "could not install postgresql"
}

postmaster_pid() { # from the lock file the running server keeps in its data dir
  [ -f "$DIR/pg/postmaster.pid" ] && head -n1 "$DIR/pg/postmaster.pid" 2>/dev/null || true
}

# true if PID is alive, not a zombie, and is the postmaster of this DIR
is_ours() {
  runs_with "$1" "$DIR/pg" && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

psql_q() { # sql -- runs against database postgres
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atc "$1"
}

launch() {
  local t0=$1 pid i
  PORT=$(cat "$DIR/port")
  [ -f "$DIR/server.log" ] && mv -f "$DIR/server.log" "$DIR/server.log.prev"
  : >"$DIR/server.log"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR/server.log"
  # After kill -9 the lock file stays behind, and the dead postmaster can linger as a zombie until
  # init reaps it, which makes postgres believe it still runs. Its backends are gone (do_kill waits
  # for them, and postgres itself refuses to start while the old shared memory is still attached).
  pid=$(postmaster_pid)
  if [ -n "$pid" ] && ! is_ours "$pid"; then
    log "removing stale postmaster.pid (pid $pid is gone)"
    rm -f "$DIR/pg/postmaster.pid"
  fi
  # settings live in pg/postgresql.auto.conf, so a restart needs no options
  if ! (as_pg "$PGBIN/pg_ctl" -D "$DIR/pg" -l "$DIR/server.log" -t "$READY_TIMEOUT" -w start >&2); then
    log "---- tail of $DIR/server.log ----"
    tail -n 40 "$DIR/server.log" >&2 || true
    pid=$(postmaster_pid)
    if is_ours "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    die "PostgreSQL did not start (dir $DIR)"
  fi
  pid=$(postmaster_pid)
  echo "$pid" >"$DIR/server.pid"
  for ((i = 0; i < 50; i++)); do
    psql_q 'select 1' >/dev/null 2>&1 && break
    sleep 0.1
  done
  if [ "$(psql_q "select count(*) from pg_database where datname = '$DB'")" = 0 ]; then
    psql_q "create database $DB" >&2
  fi
  local url="postgres://postgres@127.0.0.1:$PORT/$DB"
  echo "$url" >"$DIR/url"
  log "ready in $(since "$t0") s: pid $pid, dir $DIR, log $DIR/server.log"
  echo "$url"
}

do_start() {
  local t0; t0=$(now)
  command -v node >/dev/null || die "node not found"
  ensure_installed
  resolve_dir_for_start netledger-pg
  if is_ours "$(postmaster_pid)"; then
    die "PostgreSQL is already running for $DIR (pid $(postmaster_pid)); use restart or stop"
  fi
  if [ -f "$DIR/pg/PG_VERSION" ] && [ -f "$DIR/port" ]; then
    log "reusing cluster $DIR/pg and its port"
  else
    rm -rf "$DIR/pg"
    if [ "$(id -u)" = 0 ]; then
      chmod 755 "$DIR"           # postgres must be able to reach DIR/pg
      install -d -o postgres -g postgres -m 700 "$DIR/pg"
      runuser -u postgres -- test -w "$DIR/pg" \
        || die "user postgres cannot write $DIR/pg (a parent of $DIR is not searchable?)"
    else
      install -d -m 700 "$DIR/pg"
    fi
    as_pg "$PGBIN/initdb" -D "$DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
    free_ports 1 >"$DIR/port"
    cat >>"$DIR/pg/postgresql.auto.conf" <<EOF
# written by ops/postgres/server.sh
listen_addresses = '127.0.0.1'
port = $(cat "$DIR/port")
unix_socket_directories = ''
fsync = on
synchronous_commit = on
full_page_writes = on
EOF
    log "initdb done in $(since "$t0") s"
  fi
  launch "$t0"
}

do_stop() {
  resolve_dir_for_existing
  local pid; pid=$(postmaster_pid)
  if ! is_ours "$pid"; then
    log "no server running for $DIR"; rm -f "$DIR/server.pid"; return 0
  fi
  terminate "$pid" INT postmaster     # SIGINT: fast shutdown
  rm -f "$DIR/server.pid"
  log "stopped postmaster pid $pid ($DIR)"
}

do_kill() {
  resolve_dir_for_existing
  local pid children c; pid=$(postmaster_pid)
  if ! is_ours "$pid"; then
    log "no server running for $DIR"; rm -f "$DIR/server.pid"; return 0
  fi
  children=$(pgrep -P "$pid" || true)
  kill -KILL "$pid" 2>/dev/null || true
  wait_dead "$pid" 10 || die "pid $pid survived SIGKILL"
  # the backends notice the postmaster's death and exit; a restart must not find them still
  # attached to the old shared memory
  for c in $children; do wait_dead "$c" 10 || kill -KILL "$c" 2>/dev/null || true; done
  rm -f "$DIR/server.pid"
  log "killed (-9) postmaster pid $pid ($DIR)"
}

do_restart() {
  resolve_dir_for_existing
  [ -f "$DIR/pg/PG_VERSION" ] && [ -f "$DIR/port" ] || die "$DIR holds no cluster; use start"
  is_ours "$(postmaster_pid)" && do_stop
  local t0; t0=$(now)
  ensure_installed
  launch "$t0"
}

do_status() {
  resolve_dir_for_existing
  if is_ours "$(postmaster_pid)"; then cat "$DIR/url"; else log "not running ($DIR)"; return 1; fi
}

run_command
