import type { Selectors } from '../config.js';
import { alertSpec, type AlertSpec } from '../dsl/rule.js';
import { nodeExporter as N } from '../metrics/node-exporter.js';
import { pveExporter as P, PVE_ID } from '../metrics/pve-exporter.js';
import { recordingRules as R } from '../recordings/names.js';
import { GUEST_JOIN, sel } from '../recordings/promql.js';
import { GUEST } from './templates.js';

export function availabilityAlerts(s: Selectors): AlertSpec[] {
  const guestUp =
    s.guestLinux === s.guestWindows
      ? `${sel('up', s.guestLinux)} == 0`
      : `${sel('up', s.guestLinux)} == 0 or ${sel('up', s.guestWindows)} == 0`;
  return [
    alertSpec({
      alert: 'PveNodeDown',
      // The inhibition source: Alertmanager mutes guest and host alerts with the same `node`.
      expr: `label_replace(${sel(P.up, s.pve, `id=~"${PVE_ID.node}"`)}, "node", "$1", "id", "node/([^/]+)") == 0`,
      for: '2m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'Proxmox VE node {{ $labels.node }} is offline',
        description:
          'The cluster reports node {{ $labels.node }} as offline for 2 minutes. Its guests are down unless HA moved them; their own alerts are inhibited while this fires.',
      },
      watches:
        'A cluster member is offline (`pve_up{id="node/…"} == 0`); inhibits its guests\' alerts.',
    }),
    alertSpec({
      alert: 'PveExporterDown',
      expr: `${sel('up', s.pve)} == 0`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'pve-exporter target {{ $labels.instance }} is down',
        description:
          'Prometheus cannot scrape pve-exporter at {{ $labels.instance }} (job {{ $labels.job }}) for 5 minutes: every Proxmox-level alert (node down, quorum, storage, HA) is blind.',
      },
      watches: 'pve-exporter scrape failing: all Proxmox-level alerts are blind.',
    }),
    alertSpec({
      alert: 'HostExporterDown',
      expr: `${sel('up', s.node)} == 0`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'node_exporter on node {{ $labels.node }} is down',
        description:
          'Prometheus cannot scrape node_exporter on Proxmox VE node {{ $labels.node }} ({{ $labels.instance }}) for 5 minutes: host CPU pressure, swap, disks and network are not watched.',
      },
      watches: 'node_exporter on a PVE host not scrapeable.',
    }),
    alertSpec({
      alert: 'GuestExporterDown',
      expr: guestUp,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `In-guest exporter of ${GUEST} is down`,
        description: `Prometheus cannot scrape {{ $labels.instance }} inside the running guest {{ $labels.vm_name }} for 10 minutes: the in-guest view (CPU, disk latency, swap, filesystems) is missing; only the host view remains.`,
      },
      watches: 'node_exporter/windows_exporter inside a running guest not scrapeable.',
    }),
    alertSpec({
      alert: 'ExporterDown',
      expr: `${sel('up', s.gpu)} == 0 or ${sel('up', s.vgpu)} == 0 or ${sel('up', s.sd)} == 0`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Target {{ $labels.instance }} of job {{ $labels.job }} is down',
        description:
          'Prometheus cannot scrape {{ $labels.instance }} (job {{ $labels.job }}) for 5 minutes: its GPU, vGPU or discovery metrics are missing.',
      },
      watches: 'GPU, vGPU or sd-server target not scrapeable.',
    }),
    alertSpec({
      alert: 'ScrapeJobMissing',
      expr: `absent(${sel('up', s.pve)}) or absent(${sel('up', s.node)}) or absent(${sel('up', s.sd)})`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Prometheus has no targets for job {{ $labels.job }}',
        description:
          'No target of job {{ $labels.job }} exists for 10 minutes (service discovery returns nothing or the job was renamed), so its down-alerts cannot fire either.',
      },
      watches:
        'A required job (pve, host node_exporter, sd-server) has no targets at all (`absent`).',
    }),
    alertSpec({
      alert: 'PveGuestDown',
      expr: `${R.guestUp} == 0
and on (cluster, id)
${sel(P.onbootStatus, s.pve)} == 1`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `${GUEST.charAt(0).toUpperCase()}${GUEST.slice(1)} is not running although it starts on boot`,
        description:
          'Guest {{ $labels.vm_name }} ({{ $labels.guest_type }} {{ $labels.vm_id }}) is configured with onboot=1 but has not been running for 5 minutes.',
      },
      watches: 'A guest configured `onboot: 1` is not running.',
    }),
    alertSpec({
      alert: 'PveClusterNotQuorate',
      expr: `${sel(P.up, s.pve, `id=~"${PVE_ID.cluster}"`)} == 0`,
      for: '2m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'Proxmox VE cluster {{ $labels.id }} has lost quorum',
        description:
          'The cluster {{ $labels.id }} is not quorate for 2 minutes: /etc/pve is read-only, guests cannot be started, changed or migrated, and HA may fence nodes.',
      },
      watches: 'Cluster not quorate (`pve_up{id="cluster/…"} == 0`).',
    }),
    alertSpec({
      alert: 'PveHaError',
      expr: `(${sel(P.haState, s.pve, `id=~"${PVE_ID.guest}"`, 'state=~"error|fence"')} == 1)
* ${GUEST_JOIN}
  ${R.guestPveInfo}
or
label_replace(${sel(P.haState, s.pve, `id=~"${PVE_ID.node}"`, 'state="fence"')} == 1, "node", "$1", "id", "node/([^/]+)")`,
      for: '2m',
      labels: { severity: 'critical' },
      annotations: {
        summary:
          'HA {{ with $labels.vm_name }}resource {{ . }} ({{ $labels.vm_id }}) on node {{ $labels.node }}{{ else }}node {{ $labels.node }}{{ end }} is in state {{ $labels.state }}',
        description:
          'The HA manager reports {{ $labels.id }} in state {{ $labels.state }} for 2 minutes. A resource in error needs manual recovery; a fenced node was or is being power-cycled.',
      },
      watches: 'HA resource in `error`/`fence`, or a node being fenced.',
    }),
    alertSpec({
      alert: 'HostClockSkew',
      expr: `(${sel(N.timexOffset, s.node)} > 0.05 and deriv(${sel(N.timexOffset, s.node)}[5m]) >= 0)
or (${sel(N.timexOffset, s.node)} < -0.05 and deriv(${sel(N.timexOffset, s.node)}[5m]) <= 0)`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Clock of node {{ $labels.node }} is off by {{ $value | printf "%.3f" }}s',
        description:
          'The kernel reports a clock offset of {{ $value | printf "%.3f" }}s on {{ $labels.node }} for 10 minutes and it is not shrinking. Ceph, corosync logs, TLS and backups depend on synchronised clocks.',
      },
      watches: 'Host clock offset > 50 ms and not converging (timex).',
    }),
  ];
}
