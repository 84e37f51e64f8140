# A netledger server of this checkout for a script's own use (the fuzzer, the neutron suite):
# `netledger serve` on a free port with its data in a dir the script made. Sourced, not run.

# Starts the server: start_netledger DATA_DIR LOG [serve options...]; sets SERVER (its pid) and URL.
start_netledger() {
  local data=$1 log=$2
  shift 2
  node --import tsx node/cli.ts serve --port 0 --data-dir "$data" --log-level info "$@" >"$log" 2>&1 &
  SERVER=$!
  URL=
  for _ in $(seq 1 300); do
    URL=$(grep -o 'Server listening at http://127\.0\.0\.1:[0-9]*' "$log" | head -n1 | sed 's/Server listening at //') || true
    [ -n "$URL" ] && return 0
    kill -0 "$SERVER" 2>/dev/null || { cat "$log" >&2; echo "the server exited before listening" >&2; return 1; }
    sleep 0.1
  done
  cat "$log" >&2
  echo "the server did not start" >&2
  return 1
}

stop_netledger() {
  if [ -n "${SERVER:-}" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER"
    wait "$SERVER" 2>/dev/null || true
  fi
}
