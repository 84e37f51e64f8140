#!/usr/bin/env bash
# Fuzzes the running API with schemathesis (PyPI) against its own /openapi.json: fails on any 5xx
# and on any status or content type the document does not declare.
#   ops/fuzz/schemathesis.sh            # CI: fixed seed, bounded examples per operation
#   ST_EXAMPLES=500 ST_SEED=7 ops/fuzz/schemathesis.sh   # a longer run
# The venv lives in .cache/schemathesis; the server runs on a fresh temp data dir.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
VENV=.cache/schemathesis
SEED=${ST_SEED:-20261122}
EXAMPLES=${ST_EXAMPLES:-25}
PHASES=${ST_PHASES:-examples,coverage,fuzzing,stateful}

if [ ! -x "$VENV/bin/st" ]; then
  echo "==> installing schemathesis into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check schemathesis
fi
echo "==> $("$VENV/bin/st" --version)" >&2

WORK=$(mktemp -d "${TMPDIR:-/tmp}/netledger-fuzz.XXXXXX")
. ops/netledger-server.sh
stop() {
  local rc=$?
  stop_netledger
  if [ "$rc" = 0 ]; then rm -rf "$WORK"; else echo "server log and reports kept in $WORK" >&2; fi
  exit "$rc"
}
trap stop EXIT

start_netledger "$WORK/data" "$WORK/server.log"
# Item routes get real ids (see seeded-world.ts); random ones would only ever meet the 404 branch.
node --import tsx ops/fuzz/seeded-world.ts "$URL" >"$WORK/schemathesis.toml"
echo "==> fuzzing $URL (seed $SEED, $EXAMPLES examples per operation, phases $PHASES)" >&2

set +e
"$VENV/bin/st" --config-file "$WORK/schemathesis.toml" run "$URL/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance \
  --seed "$SEED" \
  --max-examples "$EXAMPLES" \
  --phases "$PHASES" \
  --workers 1 \
  --generation-database none \
  --request-timeout 10 \
  --no-color \
  --report junit --report-dir "$WORK/report"
status=$?
set -e
if grep -q '"level":50' "$WORK/server.log"; then
  echo "==> the server logged errors during the run:" >&2
  grep '"level":50' "$WORK/server.log" | head -n 20 >&2
  status=1
fi
exit "$status"
