#!/usr/bin/env bash
# A throwaway Keystone (Debian's python3-keystone, SQLite, fernet tokens) for development and CI.
#
#   ops/keystone/server.sh start   [--dir DIR]   install (apt) if needed, db_sync, bootstrap, seed, start; prints the URL
#   ops/keystone/server.sh stop    [--dir DIR]   SIGTERM, SIGKILL after 10 s
#   ops/keystone/server.sh restart [--dir DIR]   (stop if running and) start again on the same data and port
#   ops/keystone/server.sh kill    [--dir DIR]   kill -9 (crash simulation for tests)
#   ops/keystone/server.sh status  [--dir DIR]   exit 0 and print the URL if running
#   with --owner PID, start and restart also stop the service once process PID is gone
#
# Without --dir, start uses a fresh temp dir; the other commands use the dir of the last start that
# had no --dir (remembered in .cache/keystone/last-dir). Only the URL http://127.0.0.1:PORT goes to
# stdout. DIR holds keystone.conf, keystone.db, the key repositories, port, url, server.pid, server.log.
# What start creates (seed.py): user admin (password $KEYSTONE_ADMIN_PASSWORD, default
# netledger-admin) in project admin; service user netledger (admin + service in project service);
# users demo (member) and demo-reader (reader) in project demo, all three with password
# $KEYSTONE_USER_PASSWORD (default netledger-demo); the catalog's network endpoint at
# $KEYSTONE_NETWORK_URL (default http://127.0.0.1:9696) in RegionOne.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE=$ROOT/.cache/keystone
SERVICE=keystone
PY=/usr/bin/python3
ADMIN_PASSWORD=${KEYSTONE_ADMIN_PASSWORD:-netledger-admin}
USER_PASSWORD=${KEYSTONE_USER_PASSWORD:-netledger-demo}
NETWORK_URL=${KEYSTONE_NETWORK_URL:-http://127.0.0.1:9696}
READY_TIMEOUT=${KEYSTONE_READY_TIMEOUT:-90}

# shellcheck source=../service-lib.sh
. "$SCRIPT_DIR/../service-lib.sh"
parse_args "$@"

installed() { [ -x /usr/bin/keystone-manage ] && [ -x /usr/bin/keystone-wsgi-public ]; }

ensure_installed() {
  installed && return 0
  [ "$(id -u)" = 0 ] || die "Keystone is missing; install python3-keystone (apt-get install python3-keystone) as root"
  local t0 try; t0=$(now)
  log "installing python3-keystone with apt"
  for try in 1 2 3; do
    if apt-get -o DPkg::Lock::Timeout=600 update -q >&2 &&
       DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 python3-keystone >&2 &&
       installed; then
      log "python3-keystone installed in $(since "$t0") s"
      return 0
    fi
    log "apt-get failed (try $try/3)"; sleep $((try * 5))
  done
  die "could not install python3-keystone"
}

server_pid() { [ -f "$DIR/server.pid" ] && cat "$DIR/server.pid" 2>/dev/null || true; }
is_ours() { runs_with "$1" keystone-wsgi-public && runs_with "$1" "--port $(cat "$DIR/port" 2>/dev/null)"; }
manage() { OS_KEYSTONE_CONFIG_FILES="$DIR/keystone.conf" keystone-manage --config-file "$DIR/keystone.conf" "$@" >>"$DIR/manage.log" 2>&1 \
  || { tail -n 30 "$DIR/manage.log" >&2; die "keystone-manage $1 failed"; }; }

write_config() {
  cat >"$DIR/keystone.conf" <<CONF
# written by ops/keystone/server.sh
[DEFAULT]
log_file = $DIR/keystone.log
[database]
connection = sqlite:///$DIR/keystone.db
[token]
provider = fernet
expiration = 3600
[fernet_tokens]
key_repository = $DIR/fernet-keys
[credential]
key_repository = $DIR/credential-keys
[identity]
# bcrypt's fewest rounds: a throwaway server, and every password login costs them
password_hash_rounds = 4
CONF
}

launch() {
  local t0=$1 pid i url
  PORT=$(cat "$DIR/port"); url="http://127.0.0.1:$PORT"
  [ -f "$DIR/server.log" ] && mv -f "$DIR/server.log" "$DIR/server.log.prev"
  # Debian's test server answers one request at a time: with SQLite, threads lock each other out.
  OS_KEYSTONE_CONFIG_FILES="$DIR/keystone.conf" nohup /usr/bin/keystone-wsgi-public --host 127.0.0.1 --port "$PORT" >"$DIR/server.log" 2>&1 &
  pid=$!
  echo "$pid" >"$DIR/server.pid"
  for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
    # not is_ours: until nohup has exec'd python, the command line is still this shell's
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$DIR/server.log" >&2; die "Keystone exited (dir $DIR)"; }
    curl -fsS -o /dev/null "$url/v3" 2>/dev/null && break
    sleep 0.1
  done
  curl -fsS -o /dev/null "$url/v3" 2>/dev/null || { kill -KILL "$pid" 2>/dev/null || true; die "Keystone not ready after $READY_TIMEOUT s (dir $DIR)"; }
  echo "$url" >"$DIR/url"
  log "ready in $(since "$t0") s: pid $pid, dir $DIR, log $DIR/server.log"
}

do_start() {
  local t0; t0=$(now)
  command -v node >/dev/null || die "node not found"
  command -v curl >/dev/null || die "curl not found"
  ensure_installed
  resolve_dir_for_start netledger-keystone
  is_ours "$(server_pid)" && die "Keystone is already running for $DIR (pid $(server_pid)); use restart or stop"
  if [ -f "$DIR/keystone.db" ] && [ -f "$DIR/port" ] && [ -f "$DIR/seeded" ]; then
    log "reusing database $DIR/keystone.db and its port"
    launch "$t0"
  else
    rm -rf "$DIR/keystone.db" "$DIR/fernet-keys" "$DIR/credential-keys" "$DIR/seeded"
    free_ports 1 >"$DIR/port"
    write_config
    local user; user=$(id -un)
    manage db_sync
    # Keystone reads and writes the database on separate connections within one request: in
    # SQLite's default journal the open read blocks the write's commit ("database is locked").
    "$PY" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' "$DIR/keystone.db"
    manage fernet_setup --keystone-user "$user" --keystone-group "$(id -gn)"
    manage credential_setup --keystone-user "$user" --keystone-group "$(id -gn)"
    local url; url="http://127.0.0.1:$(cat "$DIR/port")"
    manage bootstrap --bootstrap-password "$ADMIN_PASSWORD" --bootstrap-admin-url "$url/v3" \
      --bootstrap-internal-url "$url/v3" --bootstrap-public-url "$url/v3" --bootstrap-region-id RegionOne
    log "database and keys ready in $(since "$t0") s"
    launch "$t0"
    "$PY" "$SCRIPT_DIR/seed.py" "$url" "$ADMIN_PASSWORD" "$NETWORK_URL" "$USER_PASSWORD" >"$DIR/seeded" \
      || { do_stop; die "seeding Keystone failed"; }
    log "seeded in $(since "$t0") s: projects service and demo, users netledger, demo, demo-reader; network endpoint $NETWORK_URL"
  fi
  cat "$DIR/url"
}

do_stop() {
  resolve_dir_for_existing
  local pid; pid=$(server_pid)
  if ! is_ours "$pid"; then log "no server running for $DIR"; rm -f "$DIR/server.pid"; return 0; fi
  terminate "$pid" TERM keystone
  rm -f "$DIR/server.pid"
  log "stopped keystone pid $pid ($DIR)"
}

do_kill() {
  resolve_dir_for_existing
  local pid; pid=$(server_pid)
  if ! is_ours "$pid"; then log "no server running for $DIR"; rm -f "$DIR/server.pid"; return 0; fi
  kill -KILL "$pid" 2>/dev/null || true
  wait_dead "$pid" 10 || die "pid $pid survived SIGKILL"
  rm -f "$DIR/server.pid"
  log "killed (-9) keystone pid $pid ($DIR)"
}

do_restart() {
  resolve_dir_for_existing
  [ -f "$DIR/seeded" ] || die "$DIR holds no seeded Keystone; use start"
  is_ours "$(server_pid)" && do_stop
  launch "$(now)"
  cat "$DIR/url"
}

do_status() {
  resolve_dir_for_existing
  if is_ours "$(server_pid)"; then cat "$DIR/url"; else log "not running ($DIR)"; return 1; fi
}

run_command
