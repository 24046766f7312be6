import { nodeExporter as N, nvidiaGpuExporter as G, recordingRules as R, type JobNames } from '@pvemon/rules';
import { guestBreakdownQueries } from './guest';
import { m, sel } from './matchers';
import { rangeQuery, type PanelQuery } from './types';

/** Host Detail (`/hosts/:node`): one Proxmox VE node, from its node_exporter and the GPU exporters. */
export function hostQueries(jobs: JobNames, node: string) {
  const n = m.nodeIs(node);
  const gpuRaw = (metric: string) =>
    `${sel(metric, m.job(jobs.gpu), n)}\n* on (job, instance, uuid) group_left (name) ${sel(G.gpuInfo, m.job(jobs.gpu), n)}`;
  return {
    cpu: [
      rangeQuery('busy', sel(R.nodeCpu, n), 'CPU busy'),
      rangeQuery('guests', sel(R.nodeCpuGuestShare, n), 'Running guests'),
      rangeQuery('steal', `avg(${sel(R.guestCpuStealLinux, n)})`, 'Steal seen by guests (avg)'),
    ],
    pressure: [
      rangeQuery('cpu', sel(R.nodePressureCpu, n), 'CPU waiting'),
      rangeQuery('memory', sel(R.nodePressureMemory, n), 'Memory waiting'),
      rangeQuery('io', sel(R.nodePressureIo, n), 'I/O waiting'),
    ],
    memory: [
      rangeQuery('used', sel(R.nodeMemory, n), 'Used (excl. cache)'),
      // ZFS ARC counts as used memory but gives way under pressure: show it where present.
      rangeQuery(
        'arc',
        `${sel('node_zfs_arc_size', m.job(jobs.node), n)} / ${sel(N.memTotal, m.job(jobs.node), n)}`,
        'ZFS ARC'
      ),
    ],
    swap: [rangeQuery('swap', sel(R.nodeSwap, n), 'Pages swapped/s')],
    diskLatency: [
      rangeQuery('read', sel(R.nodeDiskReadLatency, n), '{{device}} read'),
      rangeQuery('write', sel(R.nodeDiskWriteLatency, n), '{{device}} write'),
    ],
    diskIops: [
      rangeQuery('reads', sel(R.nodeDiskReads, n), '{{device}} reads'),
      rangeQuery('writes', sel(R.nodeDiskWrites, n), '{{device}} writes'),
    ],
    network: [
      rangeQuery('rx', sel(R.nodeNetReceiveBytes, n), '{{device}} in'),
      rangeQuery('tx', sel(R.nodeNetTransmitBytes, n), '{{device}} out'),
    ],
    gpuUtilization: [rangeQuery('util', sel(R.gpuUtilization, n), '{{gpu_name}} {{uuid}}')],
    gpuMemory: [rangeQuery('memory', sel(R.gpuMemoryUsed, n), '{{gpu_name}} {{uuid}}')],
    gpuTemperature: [rangeQuery('temp', gpuRaw('nvidia_smi_temperature_gpu'), '{{name}} {{uuid}}')],
    gpuPower: [rangeQuery('power', gpuRaw('nvidia_smi_power_draw_watts'), '{{name}} {{uuid}}')],
    vgpu: [rangeQuery('vgpu', sel(R.vgpuUtilization, n), '{{vm_name}} ({{vgpu_type}})')],
    breakdown: guestBreakdownQueries([n]),
  } satisfies Record<string, PanelQuery[]>;
}
