#!/usr/bin/env bash
# pvemon test-alerts: proves the alert pipeline on a REAL host or guest. It drives bounded load on
# THIS machine (stress-ng for CPU, fio for disk), watches Prometheus until the matching alert fires
# for --target, then Alertmanager / the webhook receiver until it is delivered, and prints a
# pass/fail table. Load is always bounded in time (--duration) and disk use (--fio-size).
#
#   scripts/test-alerts.sh --target vm_name=web1 [options] [cpu] [disk]
#
# Options:
#   --target LABEL=VALUE   which alert to wait for, e.g. vm_name=web1, instance=10.0.0.5:9100 (required)
#   --prometheus URL       default $PVEMON_PROMETHEUS_URL or http://127.0.0.1:19090 (native stack)
#   --alertmanager URL     default $PVEMON_ALERTMANAGER_URL or http://127.0.0.1:19093
#   --receiver URL         webhook receiver with GET /notifications (stack/alert-receiver);
#                          default $PVEMON_ALERT_RECEIVER_URL or http://127.0.0.1:19095; "none" = skip
#   --duration SECONDS     load per scenario (default 780 = 10m `for:` + 5m-rate ramp; max 3600).
#                          With the test-only short-`for` rules (pvemon-stack up --rules e2e) 300 is enough.
#   --timeout SECONDS      extra wait for firing/delivery after the load started (default 180)
#   --fio-dir DIR          where fio writes its file (default /var/tmp/pvemon-test-alerts), removed after
#   --fio-size SIZE        fio file size, e.g. 512M, 1G (default 1G, max 8G)
#   --dry-run              print the plan (commands, queries) and exit without load
#   -h, --help
# Scenarios (default: cpu):
#   cpu   GuestCpuSaturation  stress-ng on every CPU at 100 % (nice 19: real work still goes first)
#   disk  DiskLatencyHigh     fio 1 MiB direct writes at queue depth 64 (pushes per-op latency up;
#                             whether it passes 50 ms depends on the storage — fast SSDs may not)
# Exit: 0 all PASS, 1 a scenario FAILED or a preflight check failed, 2 bad arguments.
set -euo pipefail

die_usage() { echo "test-alerts: $*" >&2; echo "Run scripts/test-alerts.sh --help for usage." >&2; exit 2; }
die() { echo "test-alerts: $*" >&2; exit 1; }

prometheus=${PVEMON_PROMETHEUS_URL:-http://127.0.0.1:19090}
alertmanager=${PVEMON_ALERTMANAGER_URL:-http://127.0.0.1:19093}
receiver=${PVEMON_ALERT_RECEIVER_URL:-http://127.0.0.1:19095}
duration=780 timeout=180 fio_dir=/var/tmp/pvemon-test-alerts fio_size=1G
target='' dry_run=0 scenarios=()

while [ $# -gt 0 ]; do
  case "$1" in
    --target) [ $# -ge 2 ] || die_usage "--target needs LABEL=VALUE"; target=$2; shift 2 ;;
    --prometheus) [ $# -ge 2 ] || die_usage "--prometheus needs a URL"; prometheus=$2; shift 2 ;;
    --alertmanager) [ $# -ge 2 ] || die_usage "--alertmanager needs a URL"; alertmanager=$2; shift 2 ;;
    --receiver) [ $# -ge 2 ] || die_usage "--receiver needs a URL or none"; receiver=$2; shift 2 ;;
    --duration) [ $# -ge 2 ] || die_usage "--duration needs SECONDS"; duration=$2; shift 2 ;;
    --timeout) [ $# -ge 2 ] || die_usage "--timeout needs SECONDS"; timeout=$2; shift 2 ;;
    --fio-dir) [ $# -ge 2 ] || die_usage "--fio-dir needs a directory"; fio_dir=$2; shift 2 ;;
    --fio-size) [ $# -ge 2 ] || die_usage "--fio-size needs a size such as 1G"; fio_size=$2; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    cpu|disk) scenarios+=("$1"); shift ;;
    -*) die_usage "unknown option $1" ;;
    *) die_usage "unknown scenario \"$1\" (use cpu and/or disk)" ;;
  esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(cpu)

[[ "$target" =~ ^[a-zA-Z_][a-zA-Z0-9_]*=.+$ ]] || die_usage "--target LABEL=VALUE is required (e.g. --target vm_name=web1): it tells which alert instance belongs to this machine"
if ! [[ "$duration" =~ ^[0-9]+$ ]] || [ "$duration" -lt 30 ] || [ "$duration" -gt 3600 ]; then
  die_usage "--duration must be whole seconds between 30 and 3600 (got \"$duration\")"
fi
if ! [[ "$timeout" =~ ^[0-9]+$ ]] || [ "$timeout" -gt 3600 ]; then
  die_usage "--timeout must be whole seconds up to 3600 (got \"$timeout\")"
fi
[[ "$fio_size" =~ ^([0-9]+)([MG])$ ]] || die_usage "--fio-size must look like 512M or 1G (got \"$fio_size\")"
size_mb=${BASH_REMATCH[1]}; [ "${BASH_REMATCH[2]}" = G ] && size_mb=$((size_mb * 1024))
if [ "$size_mb" -lt 64 ] || [ "$size_mb" -gt 8192 ]; then
  die_usage "--fio-size must be between 64M and 8G (got $fio_size)"
fi
for url in "$prometheus" "$alertmanager"; do
  [[ "$url" =~ ^https?://[^/]+ ]] || die_usage "not an http(s) URL: \"$url\""
done
[ "$receiver" = none ] || [[ "$receiver" =~ ^https?://[^/]+ ]] || die_usage "--receiver must be a URL or none (got \"$receiver\")"
target_label=${target%%=*} target_value=${target#*=}

alert_of() { case "$1" in cpu) echo GuestCpuSaturation ;; disk) echo DiskLatencyHigh ;; esac; }
load_argv() { # the bounded load command of a scenario, into the array LOAD
  case "$1" in
    cpu) LOAD=(nice -n 19 stress-ng --cpu 0 --cpu-load 100 --timeout "${duration}s" --metrics-brief) ;;
    disk) LOAD=(fio --name=pvemon-test-alerts "--directory=$fio_dir" "--size=${size_mb}M" --rw=write --bs=1M
                --direct=1 --ioengine=libaio --iodepth=64 "--runtime=$duration" --time_based --group_reporting) ;;
  esac
}
load_cmd() { load_argv "$1"; echo "${LOAD[*]}"; }
need_tool() { case "$1" in cpu) echo stress-ng ;; disk) echo fio ;; esac; }

if [ "$dry_run" = 1 ]; then
  echo "test-alerts plan (dry run: nothing is started)"
  echo "  Prometheus   $prometheus   Alertmanager $alertmanager   receiver $receiver"
  echo "  target       $target_label=\"$target_value\""
  for s in "${scenarios[@]}"; do
    tool=$(need_tool "$s")
    have=$(command -v "$tool" >/dev/null && echo installed || echo "MISSING (npm run setup)")
    echo "  [$s] alert $(alert_of "$s"): load for ${duration}s, then wait up to ${timeout}s more ($tool: $have)"
    echo "        run:   $(load_cmd "$s")"
    echo "        watch: $prometheus/api/v1/alerts for alertname=\"$(alert_of "$s")\", $target_label=\"$target_value\", state firing"
    echo "        then:  $( [ "$receiver" = none ] && echo "$alertmanager/api/v2/alerts (active)" || echo "$receiver/notifications (delivered)")"
  done
  exit 0
fi

# Small JSON/HTTP helper in Node (always present for pvemon; curl/jq may not be).
# Prints "firing <activeAt>" / "delivered <ms epoch>" / "no" for one check.
check() { # kind url alertname label value since_ms
  # shellcheck disable=SC2016  # JavaScript, not shell
  node --input-type=module -e '
    const [kind, url, name, label, value, since] = process.argv.slice(1);
    const get = async (u) => { const r = await fetch(u, { signal: AbortSignal.timeout(5000) }); if (!r.ok) throw new Error(`HTTP ${r.status} from ${u}`); return r.json(); };
    const match = (l) => l?.alertname === name && l?.[label] === value;
    try {
      if (kind === "prometheus") {
        const b = await get(`${url}/api/v1/alerts`);
        const a = b.data.alerts.find((x) => match(x.labels) && x.state === "firing");
        console.log(a ? `firing ${Date.parse(a.activeAt)}` : "no");
      } else if (kind === "receiver") {
        const b = await get(`${url}/notifications?since=${since}`);
        const n = b.find((x) => x.payload?.status === "firing" && x.payload.alerts.some((a) => match(a.labels)));
        console.log(n ? `delivered ${n.receivedAt}` : "no");
      } else {
        const b = await get(`${url}/api/v2/alerts?active=true`);
        const a = b.find((x) => match(x.labels));
        console.log(a ? `delivered ${Date.parse(a.updatedAt)}` : "no");
      }
    } catch (e) { console.log(`error ${e.message}`); }
  ' "$@"
}

# Preflight: every endpoint answers and the tools exist BEFORE any load starts.
reachable() { node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(5000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$1"; }
reachable "$prometheus/-/ready" || die "cannot reach Prometheus at $prometheus — is the stack running (scripts/stack.sh)?"
reachable "$alertmanager/-/ready" || die "cannot reach Alertmanager at $alertmanager — is the stack running?"
if [ "$receiver" != none ]; then
  reachable "$receiver/-/healthy" || die "cannot reach the webhook receiver at $receiver (pass --receiver none to check Alertmanager only)"
fi
for s in "${scenarios[@]}"; do
  command -v "$(need_tool "$s")" >/dev/null || die "$(need_tool "$s") is not installed (npm run setup installs it)"
done

load_pid=''
cleanup() {
  if [ -n "$load_pid" ] && kill -0 "$load_pid" 2>/dev/null; then kill "$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true; fi
  rm -f "$fio_dir"/pvemon-test-alerts.* 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo "test-alerts: interrupted, stopping the load"; exit 130' INT TERM

results=()
overall=0
for s in "${scenarios[@]}"; do
  name=$(alert_of "$s")
  [ "$s" = disk ] && mkdir -p "$fio_dir"
  echo "[$s] starting: $(load_cmd "$s")"
  start_ms=$(date +%s%3N)
  load_argv "$s"
  "${LOAD[@]}" >/dev/null 2>&1 &
  load_pid=$!
  deadline=$(( $(date +%s) + duration + timeout ))
  fired='' delivered='' last=''
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ -z "$fired" ]; then
      last=$(check prometheus "$prometheus" "$name" "$target_label" "$target_value" 0)
      [[ "$last" == firing* ]] && fired=${last#firing } && echo "[$s] $name firing (activeAt $(date -d "@$((fired / 1000))" +%T))"
    fi
    if [ -n "$fired" ] && [ -z "$delivered" ]; then
      if [ "$receiver" = none ]; then last=$(check alertmanager "$alertmanager" "$name" "$target_label" "$target_value" 0)
      else last=$(check receiver "$receiver" "$name" "$target_label" "$target_value" "$start_ms"); fi
      [[ "$last" == delivered* ]] && delivered=${last#delivered } && break
    fi
    [[ "$last" == error* ]] && echo "[$s] ${last#error }" >&2
    sleep 5
  done
  cleanup; load_pid=''
  fmt() { [ -n "$1" ] && echo "+$(( ($1 - start_ms) / 1000 ))s" || echo "-"; }
  if [ -n "$fired" ] && [ -n "$delivered" ]; then result=PASS; else result=FAIL; overall=1; fi
  results+=("$(printf '%-6s %-20s %-10s %-10s %-6s' "$s" "$name" "$(fmt "$fired")" "$(fmt "$delivered")" "$result")")
done

printf '\n%-6s %-20s %-10s %-10s %-6s\n' SCEN ALERT ACTIVE DELIVERED RESULT
printf '%s\n' "${results[@]}"
echo "(seconds after the load started: ACTIVE = condition true in Prometheus, pending its for:; DELIVERED = notification received)"
exit "$overall"
