#!/usr/bin/env bash
# Runs the pvemon stack natively on 127.0.0.1 with the SAME configuration files as Compose
# (stack/, addresses rendered for loopback): simulator (unless PVE_URL is set), sd-server,
# Alertmanager, webhook receiver + SMTP sink, node_exporter, Prometheus. Ctrl-C stops everything.
# Installs nothing: `npm run setup` (scripts/setup.sh) does. `npm start` = setup + build + this.
#   scripts/stack.sh [--guests N] [--nodes N] [--rules e2e] [--smoke] [--keep] …   (--help for all)
set -euo pipefail
cd "$(dirname "$0")/.."

cli=stack/dist/cli.js
missing=()
for f in "$cli" packages/sd-server/dist/cli.js; do [ -f "$f" ] || missing+=("$f"); done
if [ -z "${PVE_URL:-}" ] && [ ! -f packages/pve-simulator/dist/index.js ]; then
  missing+=(packages/pve-simulator/dist/index.js)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "stack.sh: not built yet (${missing[*]}): run \`npx nx run-many -t build\` or \`npm start\`." >&2
  exit 1
fi
# exec: the Node runner receives Ctrl-C itself and stops its children in order.
exec node "$cli" up "$@"
