import { SceneVariableSet } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { overviewQueries } from '../../queries/cluster';
import { GUEST_STATUS, NODE_STATUS } from '../../queries/inventory';
import { drilldownLinks } from '../../shared/links';
import { item, stat, timeseries, topN } from '../../shared/panels/panels';
import { pageScene, row } from '../../shared/pageScene';
import { queryRunner } from '../../shared/queryRunner';
import { nodeScopedVariables } from '../../variables/variableSets';
import { statusGrid } from './statusGrid';

export function clusterOverviewScene(settings: AppSettings) {
  const q = overviewQueries(settings.jobs);
  const totals = q.totals;
  const [nodesOnline, guestsRunning, cpu, memory, storage, vcpuRatio] = totals.map((t) => [t]);
  return pageScene({
    variables: new SceneVariableSet({ variables: nodeScopedVariables(settings) }),
    rows: [
      row(
        [
          item(stat('Nodes online', queryRunner(nodesOnline ?? []), 'none'), 140, 160),
          item(stat('Guests running', queryRunner(guestsRunning ?? []), 'none'), 140, 160),
          item(stat('CPU used', queryRunner(cpu ?? []), 'percentunit'), 140, 160),
          item(stat('Memory used', queryRunner(memory ?? []), 'percentunit'), 140, 160),
          item(stat('Storage used', queryRunner(storage ?? []), 'percentunit'), 140, 160),
          item(stat('vCPUs per physical core', queryRunner(vcpuRatio ?? []), 'none'), 140, 160),
          item(stat('Firing alerts', queryRunner(q.alerts), 'none'), 140, 240),
        ],
        140
      ),
      item(statusGrid('Nodes', q.nodeStatus, NODE_STATUS, drilldownLinks.hostFromSeries()), 160),
      item(statusGrid('Guests', q.guestStatus, GUEST_STATUS, drilldownLinks.vmFromSeries()), 420),
      row([
        item(topN('Top guests by CPU (host view)', q.topCpu, 'percentunit')),
        item(topN('Top guests by memory (host view)', q.topMemory, 'percentunit')),
      ]),
      row([
        item(topN('Top guests by disk latency (in-guest)', q.topDiskLatency, 's')),
        item(topN('Top guests by network (in + out)', q.topNetwork, 'Bps')),
      ]),
      row([
        item(timeseries('Node CPU', q.nodeCpu, 'percentunit')),
        item(topN('Storage used', q.storage, 'percentunit')),
      ]),
    ],
  });
}
