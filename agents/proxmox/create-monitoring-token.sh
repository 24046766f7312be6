#!/usr/bin/env bash
# Creates pvemon's read-only Proxmox VE API identity: user pvemon@pve (no password, cannot log in),
# a privilege-separated API token, and the least-privilege ACLs for BOTH (a privsep token's rights
# are the intersection of its own ACLs and its user's). Prints the token secret once, with the
# config snippets for pvemon's sd-server and prometheus-pve-exporter. Safe to run again.
#
# Run as root on any node of the cluster (the access config is cluster-wide):
#   bash create-monitoring-token.sh [--guest-agent-ips] [--rotate] [--url https://pve1:8006]
#
# Exit codes: 0 done, 1 failed, 2 bad usage / not a PVE node / not root.
set -euo pipefail

# Tests point this at a temporary directory; on a real node it is empty (files under /etc/pve).
ROOT="${PVEMON_ROOT:-}"

USERID="pvemon@pve"
TOKEN_NAME="sd"
GUEST_AGENT_IPS=0
ROTATE=0
API_URL=""
ENV_FILE=""
AUDITOR_ROLE="PVEAuditor"
GUEST_AGENT_ROLE="PVEMonGuestAgent"

log() { printf '[pvemon] %s\n' "$*" >&2; }
die() { printf '[pvemon] error: %s\n' "$*" >&2; exit "${2:-1}"; }

usage() {
  cat <<'EOF'
Usage: create-monitoring-token.sh [options]

  --user USER@REALM     monitoring user (default pvemon@pve)
  --token-name NAME     API token id (default sd)
  --guest-agent-ips     let the token read guest-agent IP addresses. PVE 9: PVEAuditor already
                        allows it (VM.GuestAgent.Audit). PVE 8: adds VM.Monitor on /vms (see risk below)
  --rotate              delete and recreate an existing token to get a new secret
  --url URL             API URL for the printed snippets (default https://<fqdn>:8006)
  --env-file PATH       write the sd-server environment (with the secret) to PATH, mode 0600,
                        instead of printing the secret
  -h, --help            this help

Exit codes: 0 done, 1 failed, 2 bad usage / not a PVE node / not root.
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --user) USERID="${2:?--user needs USER@REALM}"; shift 2 ;;
    --token-name) TOKEN_NAME="${2:?--token-name needs a name}"; shift 2 ;;
    --guest-agent-ips) GUEST_AGENT_IPS=1; shift ;;
    --rotate) ROTATE=1; shift ;;
    --url) API_URL="${2:?--url needs https://host:8006}"; shift 2 ;;
    --env-file) ENV_FILE="${2:?--env-file needs a path}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" 2 ;;
  esac
done

[[ "$USERID" =~ ^[A-Za-z0-9._-]+@[A-Za-z0-9._-]+$ ]] || die "--user must look like name@realm, got '$USERID'" 2
[[ "$TOKEN_NAME" =~ ^[A-Za-z][A-Za-z0-9._-]*$ ]] || die "--token-name must start with a letter and use letters, digits, . _ -" 2
[[ -z "$API_URL" || "$API_URL" =~ ^https:// ]] || die "--url must start with https:// (the API is served over TLS on :8006)" 2
[ "$(id -u)" = 0 ] || die "run as root on a Proxmox VE node" 2
command -v pveum >/dev/null || die "pveum not found: run this on a Proxmox VE node" 2
command -v pveversion >/dev/null || die "pveversion not found: run this on a Proxmox VE node" 2

FULL_TOKEN="${USERID}!${TOKEN_NAME}"

# "pve-manager/8.2.4/faa83925c9641325 (running kernel: ...)" -> 8
PVE_MAJOR="$(pveversion | sed -n 's#^pve-manager/\([0-9][0-9]*\)\..*#\1#p')"
[[ "$PVE_MAJOR" =~ ^[0-9]+$ ]] || die "cannot read the PVE version from 'pveversion'" 2
log "Proxmox VE $PVE_MAJOR detected"

# PVE 9's PVEAuditor includes VM.GuestAgent.Audit; on PVE 8 the agent endpoints need VM.Monitor.
NEED_MONITOR=0
if [ "$GUEST_AGENT_IPS" = 1 ]; then
  if [ "$PVE_MAJOR" -lt 9 ]; then
    NEED_MONITOR=1
    cat >&2 <<'EOF'
[pvemon] RISK: on Proxmox VE 8 the guest-agent API calls are guarded by VM.Monitor, and that privilege
[pvemon] covers ALL of them - including agent exec, file-read, file-write and set-user-password - and
[pvemon] QEMU monitor 'info' commands. Whoever holds this token secret can run commands inside every VM
[pvemon] that runs the QEMU guest agent. It is granted on /vms only. Keep the secret on the Prometheus
[pvemon] host (file mode 0600), or upgrade to PVE 9, where PVEAuditor alone reads guest IPs.
EOF
  else
    log "PVE $PVE_MAJOR: PVEAuditor includes VM.GuestAgent.Audit; no extra privilege needed for guest IPs"
  fi
fi

# pveum prints JSON arrays; one object per line lets grep test the fields of one entry. grep
# reads all input (no -q): an early exit would SIGPIPE the writer and trip pipefail.
json_lines() { printf '%s\n' "$1" | sed 's/},[[:space:]]*{/}\n{/g'; }
field() { printf '"%s"[[:space:]]*:[[:space:]]*"%s"' "$1" "$2"; }
json_has() { json_lines "$1" | grep -E -- "$(field "$2" "$3")" >/dev/null; }

# --- user ------------------------------------------------------------------------------------
if json_has "$(pveum user list --output-format json)" userid "$USERID"; then
  log "user $USERID exists"
else
  pveum user add "$USERID" --comment "pvemon monitoring (read-only, no password)"
  log "created user $USERID"
fi

# --- custom role for PVE 8 guest-agent access -------------------------------------------------
if [ "$NEED_MONITOR" = 1 ]; then
  if json_has "$(pveum role list --output-format json)" roleid "$GUEST_AGENT_ROLE"; then
    pveum role modify "$GUEST_AGENT_ROLE" --privs VM.Monitor
  else
    pveum role add "$GUEST_AGENT_ROLE" --privs VM.Monitor
    log "created role $GUEST_AGENT_ROLE (VM.Monitor)"
  fi
fi

# --- token -----------------------------------------------------------------------------------
SECRET=""
token_exists=0
if json_has "$(pveum user token list "$USERID" --output-format json)" tokenid "$TOKEN_NAME"; then
  token_exists=1
fi
if [ "$token_exists" = 1 ] && [ "$ROTATE" = 1 ]; then
  pveum user token remove "$USERID" "$TOKEN_NAME"
  log "removed token $FULL_TOKEN (--rotate)"
  token_exists=0
fi
if [ "$token_exists" = 0 ]; then
  created="$(pveum user token add "$USERID" "$TOKEN_NAME" --privsep 1 --comment "pvemon sd-server and pve-exporter" --output-format json)"
  SECRET="$(printf '%s\n' "$created" | sed -n 's/.*"value"[[:space:]]*:[[:space:]]*"\([0-9a-fA-F-]*\)".*/\1/p')"
  [ -n "$SECRET" ] || die "pveum created the token but printed no secret; remove it with: pveum user token remove $USERID $TOKEN_NAME"
  log "created privilege-separated token $FULL_TOKEN"
else
  log "token $FULL_TOKEN exists; its secret was shown when it was created (use --rotate for a new one)"
fi

# --- ACLs: user AND token (a privsep token gets the intersection of both) ----------------------
pveum acl modify / --users "$USERID" --roles "$AUDITOR_ROLE" --propagate 1
pveum acl modify / --tokens "$FULL_TOKEN" --roles "$AUDITOR_ROLE" --propagate 1
if [ "$NEED_MONITOR" = 1 ]; then
  pveum acl modify /vms --users "$USERID" --roles "$GUEST_AGENT_ROLE" --propagate 1
  pveum acl modify /vms --tokens "$FULL_TOKEN" --roles "$GUEST_AGENT_ROLE" --propagate 1
else
  # Converge: drop VM.Monitor granted by an earlier run (e.g. before an upgrade to PVE 9).
  acl="$(json_lines "$(pveum acl list --output-format json)" | grep -E -- "$(field roleid "$GUEST_AGENT_ROLE")" || true)"
  if json_has "$acl" ugid "$USERID"; then
    pveum acl delete /vms --users "$USERID" --roles "$GUEST_AGENT_ROLE"
    log "removed $GUEST_AGENT_ROLE from $USERID"
  fi
  if json_has "$acl" ugid "$FULL_TOKEN"; then
    pveum acl delete /vms --tokens "$FULL_TOKEN" --roles "$GUEST_AGENT_ROLE"
    log "removed $GUEST_AGENT_ROLE from $FULL_TOKEN"
  fi
fi

# --- TLS material for the snippets --------------------------------------------------------------
[ -n "$API_URL" ] || API_URL="https://$(hostname -f):8006"
CA_PEM="$ROOT/etc/pve/pve-root-ca.pem"
LEAF_PEM="$ROOT/etc/pve/local/pveproxy-ssl.pem"
[ -f "$LEAF_PEM" ] || LEAF_PEM="$ROOT/etc/pve/local/pve-ssl.pem"
FINGERPRINT=""
if [ -f "$LEAF_PEM" ] && command -v openssl >/dev/null; then
  FINGERPRINT="$(openssl x509 -in "$LEAF_PEM" -noout -fingerprint -sha256 | sed 's/^.*Fingerprint=//')"
fi

# The cluster name becomes the `cluster` label in sd-server (its default is "pve").
CLUSTER_NAME=""
if [ -f "$ROOT/etc/pve/corosync.conf" ]; then
  CLUSTER_NAME="$(sed -n 's/^[[:space:]]*cluster_name:[[:space:]]*\([A-Za-z0-9._-]*\).*/\1/p' "$ROOT/etc/pve/corosync.conf")"
fi

env_snippet() {
  printf '# several nodes of the cluster: comma-separate their URLs in PVE_URL\n'
  printf 'PVE_URL=%s\n' "$API_URL"
  if [ -n "$CLUSTER_NAME" ]; then printf 'PVE_CLUSTER_NAME=%s\n' "$CLUSTER_NAME"; fi
  printf 'PVE_TOKEN_ID=%s\n' "$FULL_TOKEN"
  printf 'PVE_TOKEN_SECRET=%s\n' "$1"
  if [ -f "$CA_PEM" ]; then
    printf '# copy %s from this node to the sd-server host:\n' "/etc/pve/pve-root-ca.pem"
    printf 'PVE_CA_FILE=/etc/pvemon/pve-root-ca.pem\n'
  fi
  if [ -n "$FINGERPRINT" ]; then
    printf '# or pin this node'"'"'s certificate instead (changes when the certificate is renewed):\n'
    printf '# PVE_FINGERPRINT=%s\n' "$FINGERPRINT"
  fi
}

echo
if [ -z "$SECRET" ]; then
  echo "Token $FULL_TOKEN already existed: its secret is not shown again. ACLs are up to date."
  echo "Run again with --rotate to replace it with a new secret."
  exit 0
fi

if [ -n "$ENV_FILE" ]; then
  (umask 077 && env_snippet "$SECRET" >"$ENV_FILE")
  echo "sd-server environment (with the secret) written to $ENV_FILE (mode 0600)."
  SHOWN_SECRET="<the PVE_TOKEN_SECRET in $ENV_FILE>"
else
  echo "==== pvemon API token - the secret is shown ONCE, store it now ===="
  echo
  echo "# sd-server environment (e.g. /etc/pvemon/sd-server.env, mode 0600)"
  env_snippet "$SECRET"
  SHOWN_SECRET="$SECRET"
fi
cat <<EOF

# prometheus-pve-exporter /etc/prometheus/pve.yml (mode 0600)
default:
  user: ${USERID}
  token_name: "${TOKEN_NAME}"
  token_value: "${SHOWN_SECRET}"
  verify_ssl: true   # trust pve-root-ca.pem on the exporter host (REQUESTS_CA_BUNDLE) or use a trusted certificate
EOF
