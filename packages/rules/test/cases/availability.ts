import type { FiringCase, QuietCase } from './types.js';
import { GPU, HOST, LINUX_GUEST as LG, PVE, pveGuest, pveGuestLabels, SD, sel } from './types.js';

const VGPU_NODE = { job: 'pvemon-vgpu', instance: '10.0.0.2:9836', node: 'pve2' };

export const firing: FiringCase[] = [
  {
    alert: 'PveNodeDown',
    name: 'node pve1 offline from minute 5',
    series: [[sel('pve_up', PVE, { id: 'node/pve1' }), '1x4 0x20']],
    notBefore: '6m',
    firesAt: '7m',
    expected: [
      {
        labels: { ...PVE, id: 'node/pve1', node: 'pve1' },
        summary: 'Proxmox VE node pve1 is offline',
        description:
          'The cluster reports node pve1 as offline for 2 minutes. Its guests are down unless HA moved them; their own alerts are inhibited while this fires.',
      },
    ],
  },
  {
    alert: 'PveExporterDown',
    name: 'pve-exporter scrape failing from minute 5',
    series: [[sel('up', PVE), '1x4 0x20']],
    notBefore: '9m',
    firesAt: '10m',
    expected: [
      {
        labels: PVE,
        summary: 'pve-exporter target pve-exporter:9221 is down',
        description:
          'Prometheus cannot scrape pve-exporter at pve-exporter:9221 (job pve) for 5 minutes: every Proxmox-level alert (node down, quorum, storage, HA) is blind.',
      },
    ],
  },
  {
    alert: 'HostExporterDown',
    name: 'host node_exporter down from minute 5',
    series: [[sel('up', HOST), '1x4 0x20']],
    notBefore: '9m',
    firesAt: '10m',
    expected: [
      {
        labels: HOST,
        summary: 'node_exporter on node pve1 is down',
        description:
          'Prometheus cannot scrape node_exporter on Proxmox VE node pve1 (10.0.0.1:9100) for 5 minutes: host CPU pressure, swap, disks and network are not watched.',
      },
    ],
  },
  {
    alert: 'GuestExporterDown',
    name: 'in-guest exporter down from minute 5',
    series: [[sel('up', LG), '1x4 0x30']],
    notBefore: '14m',
    firesAt: '15m',
    expected: [
      {
        labels: LG,
        summary: 'In-guest exporter of guest web1 (101) on node pve1 is down',
        description:
          'Prometheus cannot scrape 10.0.0.11:9100 inside the running guest web1 for 10 minutes: the in-guest view (CPU, disk latency, swap, filesystems) is missing; only the host view remains.',
      },
    ],
  },
  {
    alert: 'ExporterDown',
    name: 'sd-server scrape failing from minute 5',
    series: [
      [sel('up', SD), '1x4 0x20'],
      [sel('up', GPU), '1x30'],
    ],
    notBefore: '9m',
    firesAt: '10m',
    expected: [
      {
        labels: SD,
        summary: 'Target 127.0.0.1:9464 of job pvemon-sd is down',
        description:
          'Prometheus cannot scrape 127.0.0.1:9464 (job pvemon-sd) for 5 minutes: its GPU, vGPU or discovery metrics are missing.',
      },
    ],
  },
  {
    alert: 'ScrapeJobMissing',
    name: 'no pve-nodes targets at all',
    series: [
      [sel('up', PVE), '1x30'],
      [sel('up', SD), '1x30'],
    ],
    notBefore: '9m',
    firesAt: '10m',
    expected: [
      {
        labels: { job: 'pve-nodes' },
        summary: 'Prometheus has no targets for job pve-nodes',
        description:
          'No target of job pve-nodes exists for 10 minutes (service discovery returns nothing or the job was renamed), so its down-alerts cannot fire either.',
      },
    ],
  },
  {
    alert: 'PveGuestDown',
    name: 'onboot guest stopped from minute 5',
    series: [
      [sel('pve_up', PVE, { id: 'qemu/101' }), '1x4 0x20'],
      pveGuest('101', 'web1', 'pve1'),
      [sel('pve_onboot_status', PVE, { id: 'qemu/101', node: 'pve1', type: 'qemu' }), '1x30'],
    ],
    notBefore: '9m',
    firesAt: '10m',
    expected: [
      {
        labels: pveGuestLabels('101', 'web1', 'pve1'),
        summary: 'Guest web1 (101) on node pve1 is not running although it starts on boot',
        description:
          'Guest web1 (qemu 101) is configured with onboot=1 but has not been running for 5 minutes.',
      },
    ],
  },
  {
    alert: 'PveClusterNotQuorate',
    name: 'cluster loses quorum at minute 5',
    series: [[sel('pve_up', PVE, { id: 'cluster/lab' }), '1x4 0x20']],
    notBefore: '6m',
    firesAt: '7m',
    expected: [
      {
        labels: { ...PVE, id: 'cluster/lab' },
        summary: 'Proxmox VE cluster cluster/lab has lost quorum',
        description:
          'The cluster cluster/lab is not quorate for 2 minutes: /etc/pve is read-only, guests cannot be started, changed or migrated, and HA may fence nodes.',
      },
    ],
  },
  {
    alert: 'PveHaError',
    name: 'HA resource in error and a node being fenced',
    series: [
      [sel('pve_ha_state', PVE, { id: 'qemu/101', state: 'error' }), '0x4 1x20'],
      [sel('pve_ha_state', PVE, { id: 'qemu/101', state: 'started' }), '1x4 0x20'],
      pveGuest('101', 'web1', 'pve1'),
      [sel('pve_ha_state', PVE, { id: 'node/pve2', state: 'fence' }), '0x4 1x20'],
    ],
    notBefore: '6m',
    firesAt: '7m',
    expected: [
      {
        labels: { ...pveGuestLabels('101', 'web1', 'pve1'), state: 'error' },
        summary: 'HA resource web1 (101) on node pve1 is in state error',
        description:
          'The HA manager reports qemu/101 in state error for 2 minutes. A resource in error needs manual recovery; a fenced node was or is being power-cycled.',
      },
      {
        labels: { ...PVE, id: 'node/pve2', node: 'pve2', state: 'fence' },
        summary: 'HA node pve2 is in state fence',
        description:
          'The HA manager reports node/pve2 in state fence for 2 minutes. A resource in error needs manual recovery; a fenced node was or is being power-cycled.',
      },
    ],
  },
  {
    alert: 'HostClockSkew',
    name: 'host clock 100 ms ahead and not converging',
    series: [[sel('node_timex_offset_seconds', HOST), '0.1x30']],
    notBefore: '10m',
    firesAt: '11m',
    expected: [
      {
        labels: HOST,
        summary: 'Clock of node pve1 is off by 0.100s',
        description:
          'The kernel reports a clock offset of 0.100s on pve1 for 10 minutes and it is not shrinking. Ceph, corosync logs, TLS and backups depend on synchronised clocks.',
      },
    ],
  },
  {
    alert: 'PvemonSdStale',
    name: 'discovery serving a stale snapshot from minute 5',
    series: [[sel('pvemon_sd_stale', SD, { cluster: 'lab' }), '0x4 1x20']],
    notBefore: '14m',
    firesAt: '15m',
    expected: [
      {
        labels: { ...SD, cluster: 'lab' },
        summary: 'pvemon discovery for cluster lab serves a stale snapshot',
        description:
          'Refreshes of cluster lab have failed for 10 minutes; sd-server keeps serving the last good target list, so new, moved or removed guests are not followed.',
      },
    ],
  },
  {
    alert: 'PvemonSdDiscoveryFailing',
    name: 'last successful refresh 50 minutes before the test starts',
    series: [[sel('pvemon_sd_last_success_timestamp_seconds', SD, { cluster: 'lab' }), '-3000x30']],
    notBefore: '15m',
    firesAt: '16m',
    expected: [
      {
        labels: { ...SD, cluster: 'lab' },
        summary: 'pvemon discovery for cluster lab has not succeeded for 1h 6m 0s',
        description:
          'The last successful refresh of cluster lab was 1h 6m 0s ago. Targets and the inventory are out of date; check the token and API reachability with `pvemon-sd doctor`.',
      },
    ],
  },
  {
    alert: 'GpuExporterCollectionFailing',
    name: 'nvidia-smi failing in both GPU exporters from minute 5',
    series: [
      [sel('nvidia_smi_last_collect_success', GPU), '1x4 0x20'],
      [sel('pvemon_vgpu_scrape_success', VGPU_NODE), '1x4 0x20'],
    ],
    notBefore: '14m',
    firesAt: '15m',
    expected: [
      {
        labels: GPU,
        summary: 'GPU metrics collection fails on node pve2 (job nvidia-gpu)',
        description:
          'The exporter at 10.0.0.2:9835 answers but nvidia-smi fails for 10 minutes (driver not loaded, GPU fallen off the bus, or exporter lacks device access): GPU and vGPU panels and alerts are blind.',
      },
      {
        labels: VGPU_NODE,
        summary: 'GPU metrics collection fails on node pve2 (job pvemon-vgpu)',
        description:
          'The exporter at 10.0.0.2:9836 answers but nvidia-smi fails for 10 minutes (driver not loaded, GPU fallen off the bus, or exporter lacks device access): GPU and vGPU panels and alerts are blind.',
      },
    ],
  },
];

const blip = '1x4 0 1x20';

export const quiet: QuietCase[] = [
  {
    alert: 'PveNodeDown',
    name: 'a one-minute blip (reboot of the exporter path)',
    series: [[sel('pve_up', PVE, { id: 'node/pve1' }), blip]],
    at: ['5m', '7m', '10m'],
  },
  {
    alert: 'PveExporterDown',
    name: 'one failed scrape',
    series: [[sel('up', PVE), blip]],
    at: ['6m', '10m'],
  },
  {
    alert: 'HostExporterDown',
    name: 'one failed scrape',
    series: [[sel('up', HOST), blip]],
    at: ['6m', '10m'],
  },
  {
    alert: 'GuestExporterDown',
    name: 'one failed scrape',
    series: [[sel('up', LG), blip]],
    at: ['6m', '16m'],
  },
  {
    alert: 'ExporterDown',
    name: 'all targets up',
    series: [
      [sel('up', SD), '1x20'],
      [sel('up', GPU), '1x20'],
    ],
    at: ['10m'],
  },
  {
    alert: 'ScrapeJobMissing',
    name: 'every required job has targets (even if down)',
    series: [
      [sel('up', PVE), '1x30'],
      [sel('up', SD), '1x30'],
      [sel('up', HOST), '0x30'],
    ],
    at: ['15m'],
  },
  {
    alert: 'PveGuestDown',
    name: 'a stopped guest that does not start on boot',
    series: [
      [sel('pve_up', PVE, { id: 'qemu/102' }), '0x20'],
      pveGuest('102', 'scratch', 'pve1'),
      [sel('pve_onboot_status', PVE, { id: 'qemu/102', node: 'pve1', type: 'qemu' }), '0x20'],
    ],
    at: ['10m', '20m'],
  },
  {
    alert: 'PveClusterNotQuorate',
    name: 'quorate',
    series: [[sel('pve_up', PVE, { id: 'cluster/lab' }), '1x20']],
    at: ['10m'],
  },
  {
    alert: 'PveHaError',
    name: 'HA resource started, node online',
    series: [
      [sel('pve_ha_state', PVE, { id: 'qemu/101', state: 'error' }), '0x20'],
      [sel('pve_ha_state', PVE, { id: 'qemu/101', state: 'started' }), '1x20'],
      pveGuest('101', 'web1', 'pve1'),
      [sel('pve_ha_state', PVE, { id: 'node/pve2', state: 'fence' }), '0x20'],
      [sel('pve_ha_state', PVE, { id: 'node/pve2', state: 'online' }), '1x20'],
    ],
    at: ['10m'],
  },
  {
    alert: 'HostClockSkew',
    name: '200 ms off but converging; 40 ms steady offset',
    series: [
      [sel('node_timex_offset_seconds', HOST), '0.2-0.005x30'],
      [
        sel('node_timex_offset_seconds', { ...HOST, node: 'pve2', instance: '10.0.0.2:9100' }),
        '0.04x30',
      ],
    ],
    at: ['15m', '25m'],
  },
  {
    alert: 'PvemonSdStale',
    name: 'fresh',
    series: [[sel('pvemon_sd_stale', SD, { cluster: 'lab' }), '0x30']],
    at: ['20m'],
  },
  {
    alert: 'PvemonSdDiscoveryFailing',
    name: 'refreshing every minute',
    series: [[sel('pvemon_sd_last_success_timestamp_seconds', SD, { cluster: 'lab' }), '0+60x30']],
    at: ['20m'],
  },
  {
    alert: 'GpuExporterCollectionFailing',
    name: 'collection succeeds',
    series: [
      [sel('nvidia_smi_last_collect_success', GPU), '1x20'],
      [sel('pvemon_vgpu_scrape_success', VGPU_NODE), '1x20'],
    ],
    at: ['15m'],
  },
];
