#!/usr/bin/env bash
# Installs Debian's prometheus-node-exporter on a Proxmox VE host with the collectors pvemon needs
# (pressure, diskstats incl. ZFS zvols and device-mapper volumes, netdev incl. PVE bridges, ZFS,
# systemd for the PVE services), lets only the Prometheus servers reach it (nftables table loaded
# before every exporter start), and verifies /metrics. Safe to run again; --uninstall reverts.
#
#   bash install-node-exporter.sh --prometheus 10.0.0.5[,10.0.0.6] [--listen 10.0.0.11] [--port 9100]
#   bash install-node-exporter.sh --uninstall
#
# Exit codes: 0 done, 1 failed (verification or a command), 2 bad usage / not root / not Debian.
set -euo pipefail

# Tests point this at a temporary directory; on a real host it is empty.
ROOT="${PVEMON_ROOT:-}"

PKG="prometheus-node-exporter"
SERVICE="prometheus-node-exporter.service"
DEFAULTS="/etc/default/prometheus-node-exporter"
DROPIN_DIR="/etc/systemd/system/${SERVICE}.d"
DROPIN="$DROPIN_DIR/pvemon-firewall.conf"
NFT_FILE="/etc/pvemon/node-exporter.nft"
NFT_TABLE="pvemon_node_exporter"
TEXTFILE_DIR="/var/lib/prometheus/node-exporter"

PROMETHEUS=""
LISTEN=""
PORT=9100
FIREWALL=1
UNINSTALL=0
VERIFY_ATTEMPTS="${PVEMON_VERIFY_ATTEMPTS:-15}"

log() { printf '[pvemon] %s\n' "$*" >&2; }
die() { printf '[pvemon] error: %s\n' "$*" >&2; exit "${2:-1}"; }

usage() {
  cat <<'EOF'
Usage: install-node-exporter.sh --prometheus ADDR[,ADDR...] [options]
       install-node-exporter.sh --uninstall

  --prometheus LIST  Prometheus server addresses or CIDRs allowed to scrape (IPv4/IPv6, comma-separated)
  --listen IP        bind the exporter to this local address only (default: all addresses)
  --port PORT        exporter port (default 9100)
  --no-firewall      do not install the nftables restriction (then --prometheus is optional)
  --uninstall        stop and remove the exporter, the firewall table and pvemon's settings
  -h, --help         this help

Exit codes: 0 done, 1 failed, 2 bad usage / not root / not Debian.
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prometheus) PROMETHEUS="${2:?--prometheus needs addresses}"; shift 2 ;;
    --listen) LISTEN="${2:?--listen needs an IP}"; shift 2 ;;
    --port) PORT="${2:?--port needs a number}"; shift 2 ;;
    --no-firewall) FIREWALL=0; shift ;;
    --uninstall) UNINSTALL=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" 2 ;;
  esac
done

[ "$(id -u)" = 0 ] || die "run as root" 2
command -v apt-get >/dev/null || die "apt-get not found: this script is for Proxmox VE (Debian) hosts" 2

ADDR_RE='^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)(/[0-9]{1,3})?$'
V4=()
V6=()
split_addresses() {
  local a
  local -a list
  IFS=',' read -r -a list <<<"$1"
  for a in "${list[@]}"; do
    a="${a// /}"
    [ -n "$a" ] || continue
    [[ "$a" =~ $ADDR_RE ]] || die "--prometheus: '$a' is not an IPv4/IPv6 address or CIDR" 2
    if [[ "$a" == *:* ]]; then V6+=("$a"); else V4+=("$a"); fi
  done
}

join_comma() {
  local out="$1"
  shift
  for a in "$@"; do out="$out, $a"; done
  printf '%s' "$out"
}

package_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# Writes stdin to $ROOT$1 when the content differs; returns 0 if it changed the file.
write_if_changed() {
  local target="$ROOT$1" tmp
  tmp="$(mktemp)"
  cat >"$tmp"
  if [ -f "$target" ] && cmp -s "$tmp" "$target"; then
    rm -f "$tmp"
    return 1
  fi
  mkdir -p "$(dirname "$target")"
  install -m "${2:-0644}" "$tmp" "$target"
  rm -f "$tmp"
  return 0
}

nft_table_present() { nft list table inet "$NFT_TABLE" >/dev/null 2>&1; }

uninstall() {
  if [ -f "$ROOT$DROPIN" ]; then
    rm -f "$ROOT$DROPIN"
    rmdir "$ROOT$DROPIN_DIR" 2>/dev/null || true
    systemctl daemon-reload
    log "removed $DROPIN"
  fi
  if command -v nft >/dev/null && nft_table_present; then
    nft delete table inet "$NFT_TABLE"
    log "removed nftables table inet $NFT_TABLE"
  fi
  rm -f "$ROOT$NFT_FILE"
  if package_installed "$PKG"; then
    systemctl disable --now "$SERVICE"
    if [ -f "$ROOT$DEFAULTS.pvemon-orig" ]; then
      mv -f "$ROOT$DEFAULTS.pvemon-orig" "$ROOT$DEFAULTS"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get remove -y "$PKG"
    log "removed $PKG"
  else
    log "$PKG is not installed"
  fi
  log "uninstall complete"
}

if [ "$UNINSTALL" = 1 ]; then
  uninstall
  exit 0
fi

if ! [[ "$PORT" =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then die "--port must be 1-65535" 2; fi
[ -z "$LISTEN" ] || [[ "$LISTEN" =~ $ADDR_RE ]] || die "--listen must be a local IP address" 2
if [ "$FIREWALL" = 1 ]; then
  [ -n "$PROMETHEUS" ] || die "--prometheus ADDR is required (or --no-firewall to leave port $PORT open)" 2
  split_addresses "$PROMETHEUS"
  [ $((${#V4[@]} + ${#V6[@]})) -gt 0 ] || die "--prometheus lists no address" 2
fi

# --- packages ------------------------------------------------------------------------------------
missing=()
package_installed "$PKG" || missing+=("$PKG")
if [ "$FIREWALL" = 1 ] && ! command -v nft >/dev/null; then missing+=(nftables); fi
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  log "installed ${missing[*]}"
fi

# --- exporter flags --------------------------------------------------------------------------------
# Regexes avoid backslashes: the file is read by systemd and by shells, each with its own escaping.
# Disks: whole disks, dm-* (LVM-thin VM volumes; names via node_disk_device_mapper_info) and zd*
# (ZFS zvols) are kept; partitions, including zvol partitions zdNpM, are not.
# Network: bridges (vmbr*), bonds, VLANs, tap*/veth* per guest are kept; the per-guest firewall
# plumbing (fwbr/fwpr/fwln) only duplicates the tap traffic.
if [ -n "$LISTEN" ]; then
  if [[ "$LISTEN" == *:* ]]; then LISTEN_ADDR="[$LISTEN]:$PORT"; else LISTEN_ADDR="$LISTEN:$PORT"; fi
else
  LISTEN_ADDR=":$PORT"
fi
NET_EXCLUDE='^(lo|fwbr[0-9]+i[0-9]+|fwpr[0-9]+p[0-9]+|fwln[0-9]+i[0-9]+)$'
ARGS=(
  "--web.listen-address=$LISTEN_ADDR"
  "--collector.pressure"
  "--collector.zfs"
  "--collector.systemd"
  "--collector.systemd.unit-include=(pve[a-z-]*|corosync|pve-cluster|pve-firewall|pve-ha-[a-z]+|ceph[a-z0-9@.-]*|zfs[a-z-]*|chrony|ssh|cron|prometheus-node-exporter)[.]service"
  "--collector.diskstats.device-exclude=^(ram|loop|fd|(h|s|v|xv)d[a-z]+|nvme[0-9]+n[0-9]+p|zd[0-9]+p)[0-9]+$"
  "--collector.netdev.device-exclude=$NET_EXCLUDE"
  "--collector.netclass.ignored-devices=$NET_EXCLUDE"
  "--collector.textfile.directory=$TEXTFILE_DIR"
)

if [ -f "$ROOT$DEFAULTS" ] && [ ! -f "$ROOT$DEFAULTS.pvemon-orig" ] && ! grep -q 'pvemon' "$ROOT$DEFAULTS"; then
  cp -p "$ROOT$DEFAULTS" "$ROOT$DEFAULTS.pvemon-orig"
fi
changed=0
if {
  echo "# Written by pvemon agents/proxmox/install-node-exporter.sh - re-run it to change these flags."
  echo "# The original file is kept as $DEFAULTS.pvemon-orig and restored by --uninstall."
  echo "ARGS=\"${ARGS[*]}\""
} | write_if_changed "$DEFAULTS"; then
  changed=1
  log "wrote $DEFAULTS"
fi

# --- firewall --------------------------------------------------------------------------------------
dropin_changed=0
if [ "$FIREWALL" = 1 ]; then
  v4_rule=""
  v6_rule=""
  if [ ${#V4[@]} -gt 0 ]; then v4_rule="    ip saddr { $(join_comma "${V4[@]}") } tcp dport $PORT accept"; fi
  if [ ${#V6[@]} -gt 0 ]; then v6_rule="    ip6 saddr { $(join_comma "${V6[@]}") } tcp dport $PORT accept"; fi
  nft_changed=0
  # "table; delete table; table {...}" makes `nft -f` replace the table atomically and idempotently.
  if write_if_changed "$NFT_FILE" <<EOF
# Written by pvemon install-node-exporter.sh: only Prometheus may scrape node_exporter.
# Loaded by ${DROPIN} before every exporter start. pve-firewall keeps its own rules; if it drops
# input by default, also allow TCP ${PORT} from Prometheus in the PVE firewall (Datacenter/Node > Firewall).
table inet ${NFT_TABLE}
delete table inet ${NFT_TABLE}
table inet ${NFT_TABLE} {
  chain input {
    type filter hook input priority filter - 5; policy accept;
    iifname "lo" tcp dport ${PORT} accept
${v4_rule}
${v6_rule}
    tcp dport ${PORT} drop
  }
}
EOF
  then
    nft_changed=1
    log "wrote $NFT_FILE"
  fi
  if write_if_changed "$DROPIN" <<EOF
# Written by pvemon install-node-exporter.sh: (re)load the scrape restriction before the exporter starts.
[Service]
ExecStartPre=+/usr/sbin/nft -f ${NFT_FILE}
EOF
  then
    dropin_changed=1
    log "wrote $DROPIN"
  fi
  if [ "$nft_changed" = 1 ] || ! nft_table_present; then
    nft -f "$ROOT$NFT_FILE"
    log "nftables: TCP $PORT allowed from ${PROMETHEUS}, dropped for everyone else"
  fi
elif [ -f "$ROOT$DROPIN" ]; then
  rm -f "$ROOT$DROPIN"
  dropin_changed=1
  if nft_table_present; then nft delete table inet "$NFT_TABLE"; fi
  rm -f "$ROOT$NFT_FILE"
  log "--no-firewall: removed the nftables restriction"
fi

# --- service ---------------------------------------------------------------------------------------
if [ "$dropin_changed" = 1 ]; then systemctl daemon-reload; fi
systemctl is-enabled --quiet "$SERVICE" || systemctl enable "$SERVICE"
if [ "$changed" = 1 ] || [ "$dropin_changed" = 1 ]; then
  systemctl restart "$SERVICE"
elif ! systemctl is-active --quiet "$SERVICE"; then
  systemctl start "$SERVICE"
fi

# --- verification ----------------------------------------------------------------------------------
if [ -n "$LISTEN" ]; then HOST="$LISTEN"; else HOST="127.0.0.1"; fi
[[ "$HOST" == *:* ]] && HOST="[$HOST]"
URL="http://$HOST:$PORT/metrics"
metrics=""
for i in $(seq 1 "$VERIFY_ATTEMPTS"); do
  if metrics="$(curl -fsS --max-time 5 "$URL")"; then break; fi
  metrics=""
  if [ "$i" -lt "$VERIFY_ATTEMPTS" ]; then sleep 1; fi
done
if [ -z "$metrics" ]; then
  journalctl -u "$SERVICE" -n 20 --no-pager >&2 || true
  die "$URL did not answer; the exporter's last log lines are above"
fi
failed=()
for c in cpu diskstats meminfo netdev; do
  grep -Eq "^node_scrape_collector_success\{collector=\"$c\"\} 1$" <<<"$metrics" || failed+=("$c")
done
if [ ${#failed[@]} -gt 0 ]; then
  journalctl -u "$SERVICE" -n 20 --no-pager >&2 || true
  die "collectors failing on $URL: ${failed[*]}"
fi
for c in filesystem pressure zfs systemd; do
  grep -Eq "^node_scrape_collector_success\{collector=\"$c\"\} 1$" <<<"$metrics" ||
    log "warning: collector $c reports no data (e.g. no PSI in the kernel, no ZFS pool, no D-Bus access)"
done
log "verified $URL: node_exporter is serving PVE host metrics"
