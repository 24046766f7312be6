import { SceneVariableSet } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { hostQueries } from '../../queries/host';
import { item, timeseries } from '../../shared/panels/panels';
import { pageScene, row } from '../../shared/pageScene';
import { baseVariables } from '../../variables/variableSets';
import { guestBreakdownTable } from './guestBreakdownTable';

export function hostDetailScene(settings: AppSettings, node: string) {
  const q = hostQueries(settings.jobs, node);
  return pageScene({
    variables: new SceneVariableSet({ variables: baseVariables(settings) }),
    rows: [
      row([
        item(
          timeseries(
            'CPU',
            q.cpu,
            'percentunit',
            'Busy share, the share spent running guests, and the steal guests report.'
          )
        ),
        item(
          timeseries('Pressure (PSI)', q.pressure, 'percentunit', 'Share of time tasks waited for CPU, memory or I/O.')
        ),
      ]),
      row([
        item(
          timeseries(
            'Memory',
            q.memory,
            'percentunit',
            'Used excluding page cache; ZFS ARC (where present) shrinks under pressure.'
          )
        ),
        item(timeseries('Swap activity', q.swap, 'short')),
      ]),
      row([
        item(timeseries('Disk latency per device', q.diskLatency, 's')),
        item(timeseries('Disk IOPS per device', q.diskIops, 'iops')),
        item(timeseries('Network per interface', q.network, 'Bps')),
      ]),
      row([
        item(timeseries('GPU utilisation', q.gpuUtilization, 'percentunit')),
        item(timeseries('GPU memory used', q.gpuMemory, 'percentunit')),
        item(timeseries('GPU temperature', q.gpuTemperature, 'celsius')),
        item(timeseries('GPU power', q.gpuPower, 'watt')),
      ]),
      item(timeseries('vGPU use per VM', q.vgpu, 'percentunit')),
      item(guestBreakdownTable(q.breakdown), 420),
    ],
  });
}
