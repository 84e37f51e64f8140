#!/usr/bin/env bash
# Runs openstacksdk's functional network tests (the 122 curated by ../shared/neutron-suite) against
# a netledger server started here on a fresh temp data dir; exits with the suite's status (0 only
# when none failed).
#   ops/neutron-suite/run.sh                 # all of them (CI)
#   ops/neutron-suite/run.sh 'test_floating' # those whose id matches a regex
# The suite's venv and run dirs live in .cache/neutron-suite (the shared suite dir is read-only);
# NEUTRON_SUITE_HOME names the suite when it is not ../shared/neutron-suite beside the clone.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SUITE=${NEUTRON_SUITE_HOME:-$ROOT/../shared/neutron-suite}
[ -x "$SUITE/run.sh" ] || { echo "no neutron suite at $SUITE (set NEUTRON_SUITE_HOME)" >&2; exit 2; }
export NEUTRON_SUITE_DIR=${NEUTRON_SUITE_DIR:-$ROOT/.cache/neutron-suite}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/netledger-neutron-suite.XXXXXX")
LOG=$WORK/server.log
SERVER=
stop() {
  local rc=$?
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER"
    wait "$SERVER" 2>/dev/null || true
  fi
  if [ "$rc" = 0 ]; then rm -rf "$WORK"; else echo "server log kept in $WORK" >&2; fi
  exit "$rc"
}
trap stop EXIT

# Callers without a project are admins of Neutron noauth's own default project.
node --import tsx node/cli.ts serve --port 0 --data-dir "$WORK/data" --log-level info --default-project fake_project_id >"$LOG" 2>&1 &
SERVER=$!
URL=
for _ in $(seq 1 300); do
  URL=$(grep -o 'Server listening at http://127\.0\.0\.1:[0-9]*' "$LOG" | head -n1 | sed 's/Server listening at //') || true
  [ -n "$URL" ] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; echo "the server exited before listening" >&2; exit 1; }
  sleep 0.1
done
[ -n "$URL" ] || { cat "$LOG" >&2; echo "the server did not start" >&2; exit 1; }
echo "==> openstacksdk functional network tests against $URL" >&2
"$SUITE/run.sh" "$URL" "${1:-}"
