#!/usr/bin/env bash
# Runs every package's benchmark one after another (never in parallel: they share 2 cores)
# and prints their figures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
npx nx run-many -t bench --parallel=1 --outputStyle=stream "$@"
