#!/usr/bin/env bash
# Installs utkuozdemir/nvidia_gpu_exporter (physical GPU metrics, TCP 9835) as a systemd service on a
# Proxmox VE host with NVIDIA GPUs, and optionally pvemon's per-VM vGPU exporter `pvemon-vgpu`
# (packages/vgpu-exporter) as a service on TCP 9836 or as a textfile timer for node_exporter.
# Downloads are verified against the release's checksums.txt. Only the Prometheus servers may
# scrape (nftables). Safe to run again; --uninstall reverts.
#
#   bash install-gpu-exporter.sh --prometheus 10.0.0.5 [--vgpu serve|textfile|auto|none]
#   bash install-gpu-exporter.sh --uninstall
#
# Exit codes: 0 done, 1 failed (download, checksum, verification), 2 bad usage / not root / no GPU.
set -euo pipefail

# Tests point this at a temporary directory; on a real host it is empty.
ROOT="${PVEMON_ROOT:-}"

VERSION="1.4.1"
REPO="utkuozdemir/nvidia_gpu_exporter"
TARBALL=""
CHECKSUMS=""
PROMETHEUS=""
PORT=9835
VGPU_PORT=9836
VGPU="auto"
VGPU_BIN=""
FIREWALL=1
UNINSTALL=0
VERIFY_ATTEMPTS="${PVEMON_VERIFY_ATTEMPTS:-15}"

BIN="/usr/local/bin/nvidia_gpu_exporter"
VERSION_FILE="/etc/pvemon/nvidia_gpu_exporter.version"
UNIT="nvidia_gpu_exporter.service"
VGPU_SERVICE="pvemon-vgpu.service"
VGPU_TIMER="pvemon-vgpu.timer"
UNIT_DIR="/etc/systemd/system"
NFT_FILE="/etc/pvemon/gpu-exporter.nft"
NFT_TABLE="pvemon_gpu_exporter"
TEXTFILE_DIR="/var/lib/prometheus/node-exporter"

log() { printf '[pvemon] %s\n' "$*" >&2; }
die() { printf '[pvemon] error: %s\n' "$*" >&2; exit "${2:-1}"; }

usage() {
  cat <<'EOF'
Usage: install-gpu-exporter.sh --prometheus ADDR[,ADDR...] [options]
       install-gpu-exporter.sh --uninstall

  --prometheus LIST   Prometheus addresses/CIDRs allowed to scrape (comma-separated)
  --version X.Y.Z     nvidia_gpu_exporter release (default 1.4.1)
  --tarball PATH      offline: nvidia_gpu_exporter_<ver>_linux_<arch>.tar.gz already on the host
  --checksums PATH    offline: the release's checksums.txt (required with --tarball)
  --port PORT         nvidia_gpu_exporter port (default 9835)
  --vgpu MODE         pvemon-vgpu: auto (serve if installed, default), serve (:9836), textfile
                      (timer writing to /var/lib/prometheus/node-exporter), none
  --vgpu-bin PATH     pvemon-vgpu executable (default: found on PATH)
  --no-firewall       do not install the nftables restriction
  --uninstall         remove services, units, binary and firewall table
  -h, --help          this help

Exit codes: 0 done, 1 failed, 2 bad usage / not root / no NVIDIA driver.
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prometheus) PROMETHEUS="${2:?--prometheus needs addresses}"; shift 2 ;;
    --version) VERSION="${2:?--version needs X.Y.Z}"; shift 2 ;;
    --tarball) TARBALL="${2:?--tarball needs a path}"; shift 2 ;;
    --checksums) CHECKSUMS="${2:?--checksums needs a path}"; shift 2 ;;
    --port) PORT="${2:?--port needs a number}"; shift 2 ;;
    --vgpu) VGPU="${2:?--vgpu needs auto|serve|textfile|none}"; shift 2 ;;
    --vgpu-bin) VGPU_BIN="${2:?--vgpu-bin needs a path}"; shift 2 ;;
    --no-firewall) FIREWALL=0; shift ;;
    --uninstall) UNINSTALL=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" 2 ;;
  esac
done

[ "$(id -u)" = 0 ] || die "run as root" 2

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

if [ "$UNINSTALL" = 1 ]; then
  for unit in "$VGPU_TIMER" "$VGPU_SERVICE" "$UNIT"; do
    if [ -f "$ROOT$UNIT_DIR/$unit" ]; then
      systemctl disable --now "$unit"
      rm -f "$ROOT$UNIT_DIR/$unit"
      log "removed $unit"
    fi
  done
  systemctl daemon-reload
  if command -v nft >/dev/null && nft_table_present; then nft delete table inet "$NFT_TABLE"; fi
  rm -f "$ROOT$BIN" "$ROOT$VERSION_FILE" "$ROOT$NFT_FILE" "$ROOT$TEXTFILE_DIR/pvemon_vgpu.prom"
  log "uninstall complete"
  exit 0
fi

# --- checks -----------------------------------------------------------------------------------------
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "--version must be X.Y.Z, got '$VERSION'" 2
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number" 2
case "$VGPU" in auto|serve|textfile|none) ;; *) die "--vgpu must be auto, serve, textfile or none" 2 ;; esac
if [ -n "$TARBALL" ] && [ -z "$CHECKSUMS" ]; then die "--tarball needs --checksums (the release's checksums.txt)" 2; fi
command -v nvidia-smi >/dev/null || die "nvidia-smi not found: install the NVIDIA driver first" 2
ADDR_RE='^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)(/[0-9]{1,3})?$'
V4=""
V6=""
if [ "$FIREWALL" = 1 ]; then
  [ -n "$PROMETHEUS" ] || die "--prometheus ADDR is required (or --no-firewall)" 2
  IFS=',' read -r -a addresses <<<"$PROMETHEUS"
  for a in "${addresses[@]}"; do
    a="${a// /}"
    [ -n "$a" ] || continue
    [[ "$a" =~ $ADDR_RE ]] || die "--prometheus: '$a' is not an IPv4/IPv6 address or CIDR" 2
    if [[ "$a" == *:* ]]; then V6="${V6:+$V6, }$a"; else V4="${V4:+$V4, }$a"; fi
  done
fi

if [ -z "$VGPU_BIN" ] && [ "$VGPU" != none ]; then VGPU_BIN="$(command -v pvemon-vgpu || true)"; fi
if [ "$VGPU" = auto ]; then
  if [ -n "$VGPU_BIN" ]; then VGPU=serve; else VGPU=none; log "pvemon-vgpu not found: skipping per-VM vGPU metrics (see packages/vgpu-exporter)"; fi
fi
if [ "$VGPU" != none ] && { [ -z "$VGPU_BIN" ] || [ ! -x "$VGPU_BIN" ]; }; then
  die "--vgpu $VGPU: pvemon-vgpu not found; install it (npm install -g @pvemon/vgpu-exporter) or pass --vgpu-bin" 2
fi

case "$(uname -m)" in
  x86_64) ARCH=x86_64 ;;
  aarch64|arm64) ARCH=arm64 ;;
  *) die "unsupported architecture $(uname -m): nvidia_gpu_exporter ships x86_64 and arm64" 2 ;;
esac
ARCHIVE="nvidia_gpu_exporter_${VERSION}_linux_${ARCH}.tar.gz"

# --- binary -----------------------------------------------------------------------------------------
binary_changed=0
if [ -x "$ROOT$BIN" ] && [ "$(cat "$ROOT$VERSION_FILE" 2>/dev/null || true)" = "$VERSION" ]; then
  log "nvidia_gpu_exporter $VERSION already installed"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  if [ -n "$TARBALL" ]; then
    cp "$TARBALL" "$work/$ARCHIVE"
    cp "$CHECKSUMS" "$work/checksums.txt"
  else
    base="https://github.com/$REPO/releases/download/v$VERSION"
    curl -fsSL --retry 3 -o "$work/$ARCHIVE" "$base/$ARCHIVE" || die "download of $base/$ARCHIVE failed"
    curl -fsSL --retry 3 -o "$work/checksums.txt" "$base/checksums.txt" || die "download of $base/checksums.txt failed"
  fi
  expected="$(awk -v f="$ARCHIVE" '$2 == f || $2 == "*" f { print $1 }' "$work/checksums.txt")"
  [ -n "$expected" ] || die "checksums.txt has no entry for $ARCHIVE"
  actual="$(sha256sum "$work/$ARCHIVE" | awk '{ print $1 }')"
  [ "$expected" = "$actual" ] || die "SHA-256 mismatch for $ARCHIVE: expected $expected, got $actual; refusing to install"
  tar -xzf "$work/$ARCHIVE" -C "$work" nvidia_gpu_exporter
  mkdir -p "$ROOT$(dirname "$BIN")"
  install -m 0755 "$work/nvidia_gpu_exporter" "$ROOT$BIN"
  printf '%s\n' "$VERSION" | write_if_changed "$VERSION_FILE" || true
  binary_changed=1
  log "installed nvidia_gpu_exporter $VERSION (SHA-256 verified)"
fi

# --- firewall ---------------------------------------------------------------------------------------
ports="$PORT"
[ "$VGPU" = serve ] && ports="$PORT, $VGPU_PORT"
exec_pre=""
nft_changed=0
if [ "$FIREWALL" = 1 ]; then
  exec_pre="ExecStartPre=+/usr/sbin/nft -f $NFT_FILE"
  v4_rule=""
  v6_rule=""
  if [ -n "$V4" ]; then v4_rule="    ip saddr { $V4 } tcp dport { $ports } accept"; fi
  if [ -n "$V6" ]; then v6_rule="    ip6 saddr { $V6 } tcp dport { $ports } accept"; fi
  if write_if_changed "$NFT_FILE" <<EOF
# Written by pvemon install-gpu-exporter.sh: only Prometheus may scrape the GPU exporters.
table inet ${NFT_TABLE}
delete table inet ${NFT_TABLE}
table inet ${NFT_TABLE} {
  chain input {
    type filter hook input priority filter - 5; policy accept;
    iifname "lo" tcp dport { ${ports} } accept
${v4_rule}
${v6_rule}
    tcp dport { ${ports} } drop
  }
}
EOF
  then nft_changed=1; fi
fi

# --- units ------------------------------------------------------------------------------------------
units_changed=0
if write_if_changed "$UNIT_DIR/$UNIT" <<EOF
# Written by pvemon install-gpu-exporter.sh
[Unit]
Description=NVIDIA GPU exporter for Prometheus (nvidia_gpu_exporter, pvemon)
After=network-online.target nvidia-persistenced.service
Wants=network-online.target

[Service]
${exec_pre}
ExecStart=${BIN} --web.listen-address=:${PORT}
DynamicUser=yes
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
then units_changed=1; fi

vgpu_unit=""
if [ "$VGPU" = serve ]; then
  vgpu_unit="$VGPU_SERVICE"
  # Root: reads /etc/pve/qemu-server (root/www-data only) and the NVIDIA device nodes (vgpu-exporter README).
  if write_if_changed "$UNIT_DIR/$VGPU_SERVICE" <<EOF
# Written by pvemon install-gpu-exporter.sh
[Unit]
Description=pvemon per-VM vGPU exporter
After=network-online.target nvidia-vgpu-mgr.service pve-cluster.service

[Service]
ExecStart=${VGPU_BIN} serve --listen 0.0.0.0:${VGPU_PORT}
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
  then units_changed=1; fi
elif [ "$VGPU" = textfile ]; then
  vgpu_unit="$VGPU_TIMER"
  if write_if_changed "$UNIT_DIR/$VGPU_SERVICE" <<EOF
# Written by pvemon install-gpu-exporter.sh
[Unit]
Description=pvemon vGPU metrics for node_exporter's textfile collector
After=nvidia-vgpu-mgr.service pve-cluster.service

[Service]
Type=oneshot
ExecStart=${VGPU_BIN} textfile --out ${TEXTFILE_DIR}
Nice=10
EOF
  then units_changed=1; fi
  if write_if_changed "$UNIT_DIR/$VGPU_TIMER" <<EOF
# Written by pvemon install-gpu-exporter.sh
[Unit]
Description=Run pvemon-vgpu every 15 seconds

[Timer]
OnBootSec=30s
OnUnitActiveSec=15s
AccuracySec=1s

[Install]
WantedBy=timers.target
EOF
  then units_changed=1; fi
fi

if [ "$units_changed" = 1 ]; then systemctl daemon-reload; fi
if [ "$FIREWALL" = 1 ] && { [ "$nft_changed" = 1 ] || ! nft_table_present; }; then
  nft -f "$ROOT$NFT_FILE"
  log "nftables: TCP ${ports} allowed from ${PROMETHEUS} only"
fi
for unit in "$UNIT" $vgpu_unit; do
  systemctl is-enabled --quiet "$unit" || systemctl enable "$unit"
  if [ "$units_changed" = 1 ] || [ "$binary_changed" = 1 ]; then
    systemctl restart "$unit"
  elif ! systemctl is-active --quiet "$unit"; then
    systemctl start "$unit"
  fi
done

# --- verification -----------------------------------------------------------------------------------
fetch() {
  local url="$1" body i
  for i in $(seq 1 "$VERIFY_ATTEMPTS"); do
    if body="$(curl -fsS --max-time 10 "$url")"; then printf '%s' "$body"; return 0; fi
    if [ "$i" -lt "$VERIFY_ATTEMPTS" ]; then sleep 1; fi
  done
  return 1
}
if ! metrics="$(fetch "http://127.0.0.1:$PORT/metrics")"; then
  journalctl -u "$UNIT" -n 20 --no-pager >&2 || true
  die "http://127.0.0.1:$PORT/metrics did not answer; the exporter's last log lines are above"
fi
if ! grep -Eq '^nvidia_smi_gpu_info\{' <<<"$metrics"; then
  journalctl -u "$UNIT" -n 20 --no-pager >&2 || true
  die "nvidia_gpu_exporter answers but reports no GPU (nvidia_smi_gpu_info missing): check that nvidia-smi works"
fi
log "verified nvidia_gpu_exporter on :$PORT"
if [ "$VGPU" = serve ]; then
  fetch "http://127.0.0.1:$VGPU_PORT/health" >/dev/null || {
    journalctl -u "$VGPU_SERVICE" -n 20 --no-pager >&2 || true
    die "pvemon-vgpu did not answer on :$VGPU_PORT/health"
  }
  log "verified pvemon-vgpu on :$VGPU_PORT"
elif [ "$VGPU" = textfile ]; then
  log "pvemon-vgpu timer enabled: $TEXTFILE_DIR/pvemon_vgpu.prom appears within 30 s (node_exporter's textfile collector)"
fi
