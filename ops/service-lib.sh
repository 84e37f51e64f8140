# What the dev/CI service scripts (ops/kafka/broker.sh, ops/postgres/server.sh) share: their
# command line, the dir a service lives in, and finding and stopping its process. Sourced, not run;
# the script sets SERVICE (the log prefix) and CACHE (where the last start's dir is remembered).

log() { printf '[%s] %s\n' "$SERVICE" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$SERVICE" "$*" >&2; exit 1; }
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# Sets cmd, DIR and OWNER from: COMMAND [--dir DIR] [--owner PID]
parse_args() {
  cmd=${1:-}; [ -n "$cmd" ] || usage; shift
  DIR=
  OWNER=
  while [ $# -gt 0 ]; do
    case $1 in
      --dir) [ $# -ge 2 ] || usage; DIR=$2; shift 2 ;;
      --dir=*) DIR=${1#--dir=}; shift ;;
      --owner) [ $# -ge 2 ] || usage; OWNER=$2; shift 2 ;;
      --owner=*) OWNER=${1#--owner=}; shift ;;
      -h|--help) usage ;;
      *) die "unknown argument: $1" ;;
    esac
  done
}

run_command() {
  case $cmd in
    start|stop|restart|kill|status) "do_$cmd" ;;
    *) usage ;;
  esac
  [ -z "$OWNER" ] || case $cmd in start|restart) stop_with_owner ;; esac
}

# With --owner PID, the service stops when that process is gone, however it ended (a bench or
# test killed on timeout never reaches its own stop). The watcher holds none of our output open.
stop_with_owner() {
  [[ $OWNER =~ ^[0-9]+$ ]] || die "--owner needs a process id, got: $OWNER"
  setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec "$2" stop --dir "$3"' \
    watch-owner "$OWNER" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$DIR" </dev/null >/dev/null 2>&1 &
}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

free_ports() { # prints N distinct free TCP ports on 127.0.0.1
  node -e '
    const net = require("net"); const n = +process.argv[1]; const srv = [];
    let left = n;
    for (let i = 0; i < n; i++) {
      const s = net.createServer(); srv.push(s);
      s.listen(0, "127.0.0.1", () => { if (--left === 0) {
        console.log(srv.map(x => x.address().port).join(" ")); srv.forEach(x => x.close()); } });
    }' "$1"
}

# start: DIR as given, or a fresh temp dir (named after PREFIX) remembered for the other commands
resolve_dir_for_start() { # prefix
  if [ -z "$DIR" ]; then
    DIR=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    mkdir -p "$CACHE"; echo "$DIR" >"$CACHE/last-dir"   # default dir for stop/restart/kill
  else
    mkdir -p "$DIR"
  fi
  DIR=$(cd "$DIR" && pwd)
}

resolve_dir_for_existing() {
  if [ -z "$DIR" ]; then
    [ -f "$CACHE/last-dir" ] || die "no --dir given and no previous start recorded"
    DIR=$(cat "$CACHE/last-dir")
  fi
  [ -d "$DIR" ] || die "no such dir: $DIR"
  DIR=$(cd "$DIR" && pwd)
}

# true if PID is alive and its command line holds TEXT (guards against recycled pids)
runs_with() { # pid text
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$2"
}

wait_dead() { # pid seconds
  local pid=$1 i
  for ((i = 0; i < $2 * 10; i++)); do
    [ -e "/proc/$pid" ] || return 0
    # zombie counts as dead
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && return 0
    sleep 0.1
  done
  return 1
}

# Sends SIGNAL, and SIGKILL if the process is still alive 10 s later.
terminate() { # pid signal what-the-log-calls-it
  kill "-$2" "$1" 2>/dev/null || true
  if ! wait_dead "$1" 10; then
    log "$3 $1 still alive after 10 s; SIGKILL"
    kill -KILL "$1" 2>/dev/null || true
    wait_dead "$1" 10 || die "could not kill pid $1"
  fi
}
