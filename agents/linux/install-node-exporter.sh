#!/usr/bin/env bash
# Installs node_exporter on a Linux guest (the Linux twin of Install-WindowsExporter.ps1):
#   - Debian/Ubuntu (apt): the distribution package prometheus-node-exporter;
#   - RHEL/Rocky/Alma/CentOS Stream/Fedora (dnf or yum): the upstream release tarball, verified
#     against its sha256sums.txt, with a systemd unit running as the unprivileged node_exporter user.
# Then lets only the Prometheus servers reach the port with whatever firewall the guest runs
# (firewalld, ufw, or plain nftables), and verifies /metrics. Safe to run again; --uninstall reverts.
#
#   bash install-node-exporter.sh --prometheus 10.0.0.5[,10.0.0.6] [--listen IP] [--port 9100]
#   bash install-node-exporter.sh --uninstall
#
# Exit codes: 0 done, 1 failed (download, checksum, verification), 2 bad usage / not root / unsupported OS.
set -euo pipefail

# Tests point this at a temporary directory; on a real guest it is empty.
ROOT="${PVEMON_ROOT:-}"

VERSION="1.9.1"
TARBALL=""
CHECKSUMS=""
PROMETHEUS=""
LISTEN=""
PORT=9100
FIREWALL=1
UNINSTALL=0
VERIFY_ATTEMPTS="${PVEMON_VERIFY_ATTEMPTS:-15}"
NFT_FILE="/etc/pvemon/node-exporter.nft"
NFT_TABLE="pvemon_node_exporter"
UFW_COMMENT="pvemon-node-exporter"

log() { printf '[pvemon] %s\n' "$*" >&2; }
die() { printf '[pvemon] error: %s\n' "$*" >&2; exit "${2:-1}"; }

usage() {
  cat <<'EOF'
Usage: install-node-exporter.sh --prometheus ADDR[,ADDR...] [options]
       install-node-exporter.sh --uninstall

  --prometheus LIST  Prometheus addresses/CIDRs allowed to scrape (IPv4/IPv6, comma-separated)
  --listen IP        bind to this local address only (default: all addresses)
  --port PORT        exporter port (default 9100)
  --version X.Y.Z    upstream node_exporter release for RHEL-family guests (default 1.9.1)
  --tarball PATH     offline (RHEL family): node_exporter-<ver>.linux-<arch>.tar.gz on the guest
  --checksums PATH   offline: the release's sha256sums.txt (required with --tarball)
  --no-firewall      leave the firewall alone
  --uninstall        remove the exporter and pvemon's firewall rules
  -h, --help         this help

Exit codes: 0 done, 1 failed, 2 bad usage / not root / unsupported OS.
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prometheus) PROMETHEUS="${2:?--prometheus needs addresses}"; shift 2 ;;
    --listen) LISTEN="${2:?--listen needs an IP}"; shift 2 ;;
    --port) PORT="${2:?--port needs a number}"; shift 2 ;;
    --version) VERSION="${2:?--version needs X.Y.Z}"; shift 2 ;;
    --tarball) TARBALL="${2:?--tarball needs a path}"; shift 2 ;;
    --checksums) CHECKSUMS="${2:?--checksums needs a path}"; shift 2 ;;
    --no-firewall) FIREWALL=0; shift ;;
    --uninstall) UNINSTALL=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" 2 ;;
  esac
done

[ "$(id -u)" = 0 ] || die "run as root" 2

# --- distribution ---------------------------------------------------------------------------------
[ -r "$ROOT/etc/os-release" ] || die "/etc/os-release not found: unsupported system" 2
OS_ID="$(sed -n 's/^ID="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$ROOT/etc/os-release")"
OS_LIKE="$(sed -n 's/^ID_LIKE="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$ROOT/etc/os-release")"
FAMILY=""
PM=""
case " $OS_ID $OS_LIKE " in
  *" debian "*|*" ubuntu "*) FAMILY=debian; command -v apt-get >/dev/null && PM=apt-get ;;
  *" rhel "*|*" fedora "*|*" centos "*)
    FAMILY=rhel
    if command -v dnf >/dev/null; then PM=dnf; elif command -v yum >/dev/null; then PM=yum; fi ;;
esac
[ -n "$FAMILY" ] || die "unsupported distribution '$OS_ID' (supported: Debian, Ubuntu, RHEL family)" 2
[ -n "$PM" ] || die "no package manager found for $OS_ID (apt-get, dnf or yum)" 2

if [ "$FAMILY" = debian ]; then
  PKG="prometheus-node-exporter"
  SERVICE="prometheus-node-exporter.service"
  OPTIONS_FILE="/etc/default/prometheus-node-exporter"
  OPTIONS_VAR="ARGS"
else
  SERVICE="node_exporter.service"
  OPTIONS_FILE="/etc/sysconfig/node_exporter"
  OPTIONS_VAR="OPTIONS"
  BIN="/usr/local/bin/node_exporter"
  UNIT_FILE="/etc/systemd/system/node_exporter.service"
  VERSION_FILE="/etc/pvemon/node_exporter.version"
  TEXTFILE_DIR="/var/lib/node_exporter/textfile"
fi
DROPIN_DIR="/etc/systemd/system/${SERVICE}.d"
DROPIN="$DROPIN_DIR/pvemon-firewall.conf"
log "$OS_ID ($FAMILY family, $PM)"

# --- helpers ---------------------------------------------------------------------------------------
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

deb_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]; }

# firewalld > ufw > nftables: use what the guest already runs, never two at once.
detect_firewall() {
  if command -v firewall-cmd >/dev/null && firewall-cmd --state >/dev/null 2>&1; then echo firewalld
  elif command -v ufw >/dev/null && ufw status 2>/dev/null | grep '^Status: active' >/dev/null; then echo ufw
  elif command -v nft >/dev/null; then echo nftables
  else echo none
  fi
}

firewalld_rule() {
  local family=ipv4
  [[ "$1" == *:* ]] && family=ipv6
  printf 'rule family="%s" source address="%s" port port="%s" protocol="tcp" accept' "$family" "$1" "$PORT"
}

# Prints our rich rules (any address) for $PORT, one per line.
firewalld_our_rules() {
  firewall-cmd --permanent --list-rich-rules | grep -F "port port=\"$PORT\" protocol=\"tcp\" accept" || true
}

# Our ufw rules as "NUMBER PORT/tcp SOURCE" lines, highest number first (deleting from the end keeps
# the other numbers valid). `ufw status numbered` prints "[ 1] 9100/tcp   ALLOW IN   10.0.0.5   # comment".
ufw_ours() {
  ufw status numbered |
    sed -n "s/^\[ *\([0-9][0-9]*\)\] \(.*[^ ]\) *# ${UFW_COMMENT}\$/\1 \2/p" |
    awk '{ print $1, $2, $NF }' | sort -rn
}

# Deletes our rules except those for port $1 from the addresses in $2 (newline-separated).
ufw_delete_ours() {
  local keep_port="${1:-}" keep="${2:-}" n port source
  while read -r n port source; do
    [ -n "$n" ] || continue
    if [ "$port" = "$keep_port/tcp" ] && grep -qxF -- "$source" <<<"$keep"; then continue; fi
    ufw --force delete "$n"
  done <<<"$(ufw_ours)"
}

nft_table_present() { nft list table inet "$NFT_TABLE" >/dev/null 2>&1; }

remove_firewall() {
  case "$(detect_firewall)" in
    firewalld)
      local rules rule changed=0
      rules="$(firewalld_our_rules)"
      while IFS= read -r rule; do
        [ -n "$rule" ] || continue
        firewall-cmd --permanent --remove-rich-rule="$rule"
        changed=1
      done <<<"$rules"
      if [ "$changed" = 1 ]; then firewall-cmd --reload; fi ;;
    ufw) ufw_delete_ours ;;
    nftables) if nft_table_present; then nft delete table inet "$NFT_TABLE"; fi ;;
  esac
  if [ -f "$ROOT$DROPIN" ]; then
    rm -f "$ROOT$DROPIN"
    rmdir "$ROOT$DROPIN_DIR" 2>/dev/null || true
    systemctl daemon-reload
  fi
  rm -f "$ROOT$NFT_FILE"
}

# --- uninstall -------------------------------------------------------------------------------------
if [ "$UNINSTALL" = 1 ]; then
  remove_firewall
  if [ "$FAMILY" = debian ]; then
    if deb_installed "$PKG"; then
      systemctl disable --now "$SERVICE"
      if [ -f "$ROOT$OPTIONS_FILE.pvemon-orig" ]; then mv -f "$ROOT$OPTIONS_FILE.pvemon-orig" "$ROOT$OPTIONS_FILE"; fi
      DEBIAN_FRONTEND=noninteractive apt-get remove -y "$PKG"
    fi
  elif [ -f "$ROOT$UNIT_FILE" ]; then
    systemctl disable --now "$SERVICE"
    rm -f "$ROOT$UNIT_FILE" "$ROOT$BIN" "$ROOT$VERSION_FILE" "$ROOT$OPTIONS_FILE"
    systemctl daemon-reload
    if getent passwd node_exporter >/dev/null; then userdel node_exporter; fi
  fi
  log "uninstall complete"
  exit 0
fi

# --- arguments -------------------------------------------------------------------------------------
ADDR_RE='^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)(/[0-9]{1,3})?$'
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then die "--port must be 1-65535" 2; fi
[ -z "$LISTEN" ] || [[ "$LISTEN" =~ $ADDR_RE ]] || die "--listen must be a local IP address" 2
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "--version must be X.Y.Z" 2
if [ -n "$TARBALL" ] && [ -z "$CHECKSUMS" ]; then die "--tarball needs --checksums (the release's sha256sums.txt)" 2; fi
ADDRESSES=()
if [ "$FIREWALL" = 1 ]; then
  [ -n "$PROMETHEUS" ] || die "--prometheus ADDR is required (or --no-firewall to leave port $PORT open)" 2
  IFS=',' read -r -a given <<<"$PROMETHEUS"
  for a in "${given[@]}"; do
    a="${a// /}"
    [ -n "$a" ] || continue
    [[ "$a" =~ $ADDR_RE ]] || die "--prometheus: '$a' is not an IPv4/IPv6 address or CIDR" 2
    ADDRESSES+=("$a")
  done
  [ ${#ADDRESSES[@]} -gt 0 ] || die "--prometheus lists no address" 2
fi
if [ -n "$LISTEN" ]; then
  if [[ "$LISTEN" == *:* ]]; then LISTEN_ADDR="[$LISTEN]:$PORT"; else LISTEN_ADDR="$LISTEN:$PORT"; fi
else
  LISTEN_ADDR=":$PORT"
fi

# --- install ---------------------------------------------------------------------------------------
changed=0
if [ "$FAMILY" = debian ]; then
  if ! deb_installed "$PKG"; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$PKG"
    log "installed $PKG"
  fi
  OPTIONS="--web.listen-address=$LISTEN_ADDR"
  if [ -f "$ROOT$OPTIONS_FILE" ] && [ ! -f "$ROOT$OPTIONS_FILE.pvemon-orig" ] && ! grep -q pvemon "$ROOT$OPTIONS_FILE"; then
    cp -p "$ROOT$OPTIONS_FILE" "$ROOT$OPTIONS_FILE.pvemon-orig"
  fi
else
  case "$(uname -m)" in
    x86_64) ARCH=amd64 ;;
    aarch64) ARCH=arm64 ;;
    *) die "unsupported architecture $(uname -m)" 2 ;;
  esac
  command -v tar >/dev/null || "$PM" install -y tar
  NAME="node_exporter-${VERSION}.linux-${ARCH}"
  if [ -x "$ROOT$BIN" ] && [ "$(cat "$ROOT$VERSION_FILE" 2>/dev/null || true)" = "$VERSION" ]; then
    log "node_exporter $VERSION already installed"
  else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    if [ -n "$TARBALL" ]; then
      cp "$TARBALL" "$work/$NAME.tar.gz"
      cp "$CHECKSUMS" "$work/sha256sums.txt"
    else
      base="https://github.com/prometheus/node_exporter/releases/download/v$VERSION"
      curl -fsSL --retry 3 -o "$work/$NAME.tar.gz" "$base/$NAME.tar.gz" || die "download of $base/$NAME.tar.gz failed"
      curl -fsSL --retry 3 -o "$work/sha256sums.txt" "$base/sha256sums.txt" || die "download of $base/sha256sums.txt failed"
    fi
    expected="$(awk -v f="$NAME.tar.gz" '$2 == f || $2 == "*" f { print $1 }' "$work/sha256sums.txt")"
    [ -n "$expected" ] || die "sha256sums.txt has no entry for $NAME.tar.gz"
    actual="$(sha256sum "$work/$NAME.tar.gz" | awk '{ print $1 }')"
    [ "$expected" = "$actual" ] || die "SHA-256 mismatch for $NAME.tar.gz: expected $expected, got $actual; refusing to install"
    tar -xzf "$work/$NAME.tar.gz" -C "$work" "$NAME/node_exporter"
    mkdir -p "$ROOT$(dirname "$BIN")"
    install -m 0755 "$work/$NAME/node_exporter" "$ROOT$BIN"
    if command -v restorecon >/dev/null; then restorecon "$ROOT$BIN"; fi
    printf '%s\n' "$VERSION" | write_if_changed "$VERSION_FILE" || true
    changed=1
    log "installed node_exporter $VERSION to $BIN (SHA-256 verified)"
  fi
  getent passwd node_exporter >/dev/null || useradd --system --no-create-home --shell /sbin/nologin node_exporter
  mkdir -p "$ROOT$TEXTFILE_DIR"
  if write_if_changed "$UNIT_FILE" <<EOF
# Written by pvemon agents/linux/install-node-exporter.sh
[Unit]
Description=Prometheus node_exporter (pvemon)
After=network-online.target
Wants=network-online.target

[Service]
User=node_exporter
EnvironmentFile=-${OPTIONS_FILE}
ExecStart=${BIN} \$OPTIONS
Restart=on-failure
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=read-only
PrivateTmp=yes

[Install]
WantedBy=multi-user.target
EOF
  then changed=1; fi
  OPTIONS="--web.listen-address=$LISTEN_ADDR --collector.textfile.directory=$TEXTFILE_DIR"
fi

if {
  echo "# Written by pvemon agents/linux/install-node-exporter.sh - re-run it to change these flags."
  echo "$OPTIONS_VAR=\"$OPTIONS\""
} | write_if_changed "$OPTIONS_FILE"; then
  changed=1
fi

# --- firewall --------------------------------------------------------------------------------------
dropin_changed=0
if [ "$FIREWALL" = 1 ]; then
  backend="$(detect_firewall)"
  case "$backend" in
    firewalld)
      reload=0
      wanted=""
      for a in "${ADDRESSES[@]}"; do
        rule="$(firewalld_rule "$a")"
        wanted="$wanted$rule"$'\n'
        if ! firewall-cmd --permanent --query-rich-rule="$rule" >/dev/null; then
          firewall-cmd --permanent --add-rich-rule="$rule"
          reload=1
        fi
      done
      existing="$(firewalld_our_rules)"
      while IFS= read -r rule; do
        [ -n "$rule" ] || continue
        if ! grep -qxF -- "$rule" <<<"$wanted"; then
          firewall-cmd --permanent --remove-rich-rule="$rule"
          reload=1
        fi
      done <<<"$existing"
      if [ "$reload" = 1 ]; then firewall-cmd --reload; fi
      log "firewalld: TCP $PORT allowed from ${ADDRESSES[*]}" ;;
    ufw)
      # ufw denies incoming by default: allow only Prometheus, drop our rules for other addresses.
      wanted="$(printf '%s\n' "${ADDRESSES[@]}")"
      ufw_delete_ours "$PORT" "$wanted"
      present="$(ufw_ours | awk -v p="$PORT/tcp" '$2 == p { print $3 }')"
      for a in "${ADDRESSES[@]}"; do
        if ! grep -qxF -- "$a" <<<"$present"; then
          ufw allow proto tcp from "$a" to any port "$PORT" comment "$UFW_COMMENT"
        fi
      done
      log "ufw: TCP $PORT allowed from ${ADDRESSES[*]}" ;;
    nftables)
      v4=""
      v6=""
      for a in "${ADDRESSES[@]}"; do
        if [[ "$a" == *:* ]]; then v6="${v6:+$v6, }$a"; else v4="${v4:+$v4, }$a"; fi
      done
      v4_rule=""
      v6_rule=""
      if [ -n "$v4" ]; then v4_rule="    ip saddr { $v4 } tcp dport $PORT accept"; fi
      if [ -n "$v6" ]; then v6_rule="    ip6 saddr { $v6 } tcp dport $PORT accept"; fi
      nft_changed=0
      if write_if_changed "$NFT_FILE" <<EOF
# Written by pvemon install-node-exporter.sh: only Prometheus may scrape node_exporter.
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
      then nft_changed=1; fi
      if write_if_changed "$DROPIN" <<EOF
# Written by pvemon install-node-exporter.sh: (re)load the scrape restriction before the exporter starts.
[Service]
ExecStartPre=+/usr/sbin/nft -f ${NFT_FILE}
EOF
      then dropin_changed=1; fi
      if [ "$nft_changed" = 1 ] || ! nft_table_present; then nft -f "$ROOT$NFT_FILE"; fi
      log "nftables: TCP $PORT allowed from ${ADDRESSES[*]}, dropped for everyone else" ;;
    none)
      log "warning: no firewall (firewalld, ufw, nftables) found: port $PORT is reachable by anyone who can route to this guest; use --listen or install a firewall" ;;
  esac
fi

# --- service ---------------------------------------------------------------------------------------
if [ "$dropin_changed" = 1 ] || { [ "$FAMILY" = rhel ] && [ "$changed" = 1 ]; }; then systemctl daemon-reload; fi
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
log "verified $URL"
