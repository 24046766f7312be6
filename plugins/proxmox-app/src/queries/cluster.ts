import { nodeExporter as N, pveExporter as P, pvemon, recordingRules as R, type JobNames } from '@pvemon/rules';
import { sdInventoryMetrics } from '@pvemon/metrics-contract';
import { m, sel } from './matchers';
import { guestStatusExpr, nodeStatusExpr } from './inventory';
import { instantQuery, rangeQuery, type PanelQuery } from './types';

/** Cluster Overview: status grid, totals, alerts, top-N guests. */
export function overviewQueries(jobs: JobNames) {
  const pveNodes = sel(P.memoryUsage, m.job(jobs.pve), 'id=~"node/[^/]+"');
  const pveNodeSize = sel(P.memorySize, m.job(jobs.pve), 'id=~"node/[^/]+"');
  const storage = (metric: string) => sel(metric, m.job(jobs.pve), 'id=~"storage/[^/]+/[^/]+"');
  const cores = `count without (cpu, mode) (${sel(N.cpuSeconds, m.job(jobs.node), m.cluster, 'mode="idle"')})`;
  const firing = (severity: string) =>
    `count(${sel('ALERTS', 'alertstate="firing"', `severity="${severity}"`)}) or vector(0)`;
  const top = (expr: string) => `topk(10, ${expr})`;
  const guestLatency = [
    R.guestDiskReadLatencyLinux,
    R.guestDiskWriteLatencyLinux,
    R.guestDiskReadLatencyWindows,
    R.guestDiskWriteLatencyWindows,
  ]
    .map((r) => sel(r, m.cluster))
    .join(' or ');
  const guestScope = [m.node];
  return {
    nodeStatus: [instantQuery('nodes', nodeStatusExpr(jobs), '{{node}}')],
    guestStatus: [instantQuery('guests', guestStatusExpr(jobs), '{{vm_name}}')],
    totals: [
      instantQuery(
        'nodesOnline',
        `count(${sel(sdInventoryMetrics.nodeInfo.name, m.job(jobs.sd), m.cluster, 'online="1"')}) or vector(0)`,
        'Nodes online'
      ),
      instantQuery(
        'guestsRunning',
        `count(${sel(pvemon.guestInfo, m.job(jobs.sd), m.cluster, 'status="running"')}) or vector(0)`,
        'Guests running'
      ),
      instantQuery('cpuUsed', `sum(${sel(R.nodeCpu, m.cluster)} * ${cores}) / sum(${cores})`, 'CPU used'),
      instantQuery('memoryUsed', `sum(${pveNodes}) / sum(${pveNodeSize})`, 'Memory used'),
      instantQuery('storageUsed', `sum(${storage(P.diskUsage)}) / sum(${storage(P.diskSize)})`, 'Storage used'),
      instantQuery(
        'vcpuRatio',
        `sum(${sel(pvemon.guestVcpus, m.job(jobs.sd), m.cluster)}) / sum(${cores})`,
        'vCPUs per core'
      ),
    ],
    alerts: [
      instantQuery('critical', firing('critical'), 'critical'),
      instantQuery('warning', firing('warning'), 'warning'),
      instantQuery('info', firing('info'), 'info'),
    ],
    topCpu: [instantQuery('cpu', top(sel(R.guestCpuHost, ...guestScope)), '{{vm_name}}')],
    topMemory: [instantQuery('memory', top(sel(R.guestMemoryHost, ...guestScope)), '{{vm_name}}')],
    topDiskLatency: [instantQuery('latency', top(`max by (vm_id, vm_name) (${guestLatency})`), '{{vm_name}}')],
    topNetwork: [
      instantQuery(
        'network',
        top(`${sel(R.guestNetReceiveBytesHost, ...guestScope)} + ${sel(R.guestNetTransmitBytesHost, ...guestScope)}`),
        '{{vm_name}}'
      ),
    ],
    nodeCpu: [rangeQuery('cpu', sel(R.nodeCpu, m.cluster, m.node), '{{node}}')],
    storage: [
      instantQuery('storage', `max by (storage, node) (${sel(R.storageUsage, m.node)})`, '{{node}} / {{storage}}'),
    ],
  } satisfies Record<string, PanelQuery[]>;
}
