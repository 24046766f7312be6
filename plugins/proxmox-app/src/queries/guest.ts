import {
  nodeExporter as N,
  pveExporter as P,
  windowsExporter as W,
  recordingRules as R,
  type JobNames,
} from '@pvemon/rules';
import { sdInventoryMetrics } from '@pvemon/metrics-contract';
import { guestJobs, m, sel } from './matchers';
import { instantQuery, rangeQuery, type PanelQuery } from './types';

/** `a or b`: Linux guests have node_exporter series, Windows guests windows_exporter ones. */
const either = (scope: string[], linux: string, windows: string) =>
  `${sel(linux, ...scope)} or ${sel(windows, ...scope)}`;
const PER_GUEST = 'vm_id, vm_name';

/**
 * One series per guest (VM Comparison: `vm_id=~"$vm"`), host view where it exists for every guest
 * (CPU, memory, network), in-guest where only the guest knows (disk latency, IOPS).
 */
export function guestComparisonQueries(scope: string[]) {
  const latency = [
    R.guestDiskReadLatencyLinux,
    R.guestDiskWriteLatencyLinux,
    R.guestDiskReadLatencyWindows,
    R.guestDiskWriteLatencyWindows,
  ]
    .map((r) => sel(r, ...scope))
    .join(' or ');
  const iops = [R.guestDiskReadsLinux, R.guestDiskWritesLinux, R.guestDiskReadsWindows, R.guestDiskWritesWindows]
    .map((r) => sel(r, ...scope))
    .join(' or ');
  return {
    cpu: [rangeQuery('cpu', sel(R.guestCpuHost, ...scope), '{{vm_name}}')],
    memory: [rangeQuery('memory', sel(R.guestMemoryHost, ...scope), '{{vm_name}}')],
    diskLatency: [rangeQuery('latency', `max by (${PER_GUEST}) (${latency})`, '{{vm_name}}')],
    iops: [rangeQuery('iops', `sum by (${PER_GUEST}) (${iops})`, '{{vm_name}}')],
    network: [
      rangeQuery(
        'net',
        `${sel(R.guestNetReceiveBytesHost, ...scope)} + ${sel(R.guestNetTransmitBytesHost, ...scope)}`,
        '{{vm_name}}'
      ),
    ],
    gpu: [rangeQuery('vgpu', `max by (${PER_GUEST}) (${sel(R.vgpuUtilization, ...scope)})`, '{{vm_name}}')],
  } satisfies Record<string, PanelQuery[]>;
}

/** Per-guest breakdown table of a node (Host Detail): host view, instant, merged by vm_id. */
export function guestBreakdownQueries(scope: string[]): PanelQuery[] {
  return [
    instantQuery('cpu', sel(R.guestCpuHost, ...scope)),
    instantQuery('memory', sel(R.guestMemoryHost, ...scope)),
    instantQuery('disk', `${sel(R.guestDiskReadBytesHost, ...scope)} + ${sel(R.guestDiskWrittenBytesHost, ...scope)}`),
    instantQuery(
      'network',
      `${sel(R.guestNetReceiveBytesHost, ...scope)} + ${sel(R.guestNetTransmitBytesHost, ...scope)}`
    ),
  ];
}

/** VM Detail (`/vms/:vmId`): host view (pve-exporter) and in-guest view (node/windows exporter). */
export function vmDetailQueries(jobs: JobNames, vmId: string) {
  const g = [m.vmIs(vmId)];
  const inGuest = [guestJobs(jobs), m.vmIs(vmId)];
  const pveGuest = (metric: string) =>
    `${sel(metric, m.job(jobs.pve), 'id=~"(qemu|lxc)/[0-9]+"')}\n* on (job, instance, id) group_left () ${sel(R.guestPveInfo, ...g)}`;
  return {
    info: [instantQuery('info', sel(R.guestInfo, ...g))],
    /** Why in-guest data may be missing: the exporter target's `up` and the guest's status. */
    inGuestTarget: [instantQuery('up', `max by (instance) (${sel('up', ...inGuest)})`)],
    hostCpu: [rangeQuery('cpu', sel(R.guestCpuHost, ...g), 'Host view: CPU of the VM process')],
    guestCpu: [
      rangeQuery('cpu', either(g, R.guestCpuLinux, R.guestCpuWindows), 'In-guest: CPU busy'),
      rangeQuery('steal', sel(R.guestCpuStealLinux, ...g), 'In-guest: steal (waiting for the host)'),
    ],
    // Host view counts the guest's page cache and ballooned-out memory differently from the guest.
    memory: [
      rangeQuery('hostUsed', pveGuest(P.memoryUsage), 'Host view: used by the VM (incl. guest page cache)'),
      rangeQuery('hostSize', pveGuest(P.memorySize), 'Host view: assigned (balloon target)'),
      rangeQuery(
        'guestUsed',
        `(${sel(N.memTotal, ...inGuest)} - ${sel(N.memAvailable, ...inGuest)}) or (${sel(W.memPhysicalTotal, ...inGuest)} - ${sel(W.memAvailable, ...inGuest)})`,
        'In-guest: used by applications (excl. cache)'
      ),
    ],
    swap: [rangeQuery('swap', either(g, R.guestSwapLinux, R.guestPagingWindows), 'In-guest: pages swapped/s')],
    hostDisk: [
      rangeQuery('read', sel(R.guestDiskReadBytesHost, ...g), 'Host view: read'),
      rangeQuery('write', sel(R.guestDiskWrittenBytesHost, ...g), 'Host view: written'),
    ],
    diskLatency: [
      rangeQuery(
        'read',
        either(g, R.guestDiskReadLatencyLinux, R.guestDiskReadLatencyWindows),
        '{{device}}{{volume}} read'
      ),
      rangeQuery(
        'write',
        either(g, R.guestDiskWriteLatencyLinux, R.guestDiskWriteLatencyWindows),
        '{{device}}{{volume}} write'
      ),
    ],
    diskIops: [
      rangeQuery('reads', either(g, R.guestDiskReadsLinux, R.guestDiskReadsWindows), '{{device}}{{volume}} reads'),
      rangeQuery('writes', either(g, R.guestDiskWritesLinux, R.guestDiskWritesWindows), '{{device}}{{volume}} writes'),
    ],
    filesystems: [
      instantQuery(
        'free',
        either(g, R.guestFilesystemAvailLinux, R.guestVolumeFreeWindows),
        '{{mountpoint}}{{volume}}'
      ),
    ],
    hostNetwork: [
      rangeQuery('rx', sel(R.guestNetReceiveBytesHost, ...g), 'Host view: in'),
      rangeQuery('tx', sel(R.guestNetTransmitBytesHost, ...g), 'Host view: out'),
    ],
    nics: [
      rangeQuery('rx', either(g, R.guestNetReceiveBytesLinux, R.guestNetReceiveBytesWindows), '{{device}}{{nic}} in'),
      rangeQuery('tx', either(g, R.guestNetTransmitBytesLinux, R.guestNetSentBytesWindows), '{{device}}{{nic}} out'),
    ],
    gpuDevices: [instantQuery('devices', sel(sdInventoryMetrics.guestGpuInfo.name, m.job(jobs.sd), ...g))],
    vgpu: [
      rangeQuery('util', sel(R.vgpuUtilization, ...g), '{{vgpu_type}} utilisation'),
      rangeQuery('fb', sel(R.vgpuFramebufferUsed, ...g), '{{vgpu_type}} framebuffer used'),
    ],
  } satisfies Record<string, PanelQuery[]>;
}
