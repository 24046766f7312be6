#!/usr/bin/env bash
# Runs every check of every package: lint, typecheck and tests (unit, integration, end to end),
# then prints one summary line with the number of tests that passed and failed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
node scripts/check-engines.mjs
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
set +e
npx nx run-many -t lint typecheck test --outputStyle=stream "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
node scripts/test-summary.mjs "$log" "$(( $(date +%s) - start ))"
exit "$status"
