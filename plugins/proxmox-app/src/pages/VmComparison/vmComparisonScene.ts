import type { AppSettings } from '../../settings/appSettings';
import { guestComparisonQueries } from '../../queries/guest';
import { m } from '../../queries/matchers';
import { item, timeseries } from '../../shared/panels/panels';
import { pageScene, row } from '../../shared/pageScene';
import { comparisonVariables } from '../../variables/variableSets';
import { configTablePanel } from '../ConfigTable/configTablePanel';

/** Side-by-side panels with one series per selected guest, and their config table. */
export function vmComparisonScene(settings: AppSettings) {
  const q = guestComparisonQueries([m.guests]);
  return pageScene({
    variables: comparisonVariables(settings),
    rows: [
      row([
        item(timeseries('CPU (host view)', q.cpu, 'percentunit')),
        item(timeseries('Memory (host view)', q.memory, 'percentunit')),
        item(timeseries('Disk latency (in-guest, worst disk)', q.diskLatency, 's')),
      ]),
      row([
        item(timeseries('Disk IOPS (in-guest)', q.iops, 'iops')),
        item(timeseries('Network in + out (host view)', q.network, 'Bps')),
        item(timeseries('vGPU utilisation', q.gpu, 'percentunit')),
      ]),
      item(configTablePanel(settings.jobs, [m.guests], 'Configuration of the selected guests'), 320),
    ],
  });
}
