#!/usr/bin/env bash
# The main job (README command 1, `npm start`): sets everything up, builds, and runs the whole pvemon
# stack natively on loopback until Ctrl-C. Without a Proxmox cluster configured (PVE_URL unset)
# it runs the built-in simulator. Options are passed to scripts/stack.sh (--help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
echo "[pvemon] building…"
# The native stack needs @pvemon/stack and what it depends on (sd-server, simulator, rules).
npx nx run-many -t build -p @pvemon/stack --outputStyle=static >/dev/null
exec bash scripts/stack.sh "$@"
