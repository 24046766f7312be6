#!/usr/bin/env bash
# Runs every check of every package: lint, typecheck and tests (unit, integration, end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
node scripts/check-engines.mjs
start=$(date +%s)
npx nx run-many -t lint typecheck test --outputStyle=stream "$@"
echo "[test] all checks passed in $(( $(date +%s) - start )) s"
