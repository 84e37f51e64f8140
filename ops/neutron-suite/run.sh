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
. ops/netledger-server.sh
stop() {
  local rc=$?
  stop_netledger
  if [ "$rc" = 0 ]; then rm -rf "$WORK"; else echo "server log kept in $WORK" >&2; fi
  exit "$rc"
}
trap stop EXIT

# Callers without a project are admins of Neutron noauth's own default project.
start_netledger "$WORK/data" "$WORK/server.log" --default-project fake_project_id
echo "==> openstacksdk functional network tests against $URL" >&2
"$SUITE/run.sh" "$URL" "${1:-}"
