#!/usr/bin/env bash
# The main job: sets everything up, builds, and runs the pvemon demo until Ctrl-C.
# Without a Proxmox cluster configured (PVE_URL unset) it runs the built-in simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
npx nx run-many -t build --outputStyle=static >/dev/null
exec node packages/pve-simulator/dist/cli.js "$@"
