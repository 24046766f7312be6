import { SceneFlexItem, SceneVariableSet, PanelBuilders } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { vmDetailQueries } from '../../queries/guest';
import { m } from '../../queries/matchers';
import { processQueries } from '../../queries/processes';
import { item, timeseries } from '../../shared/panels/panels';
import { pageScene, row } from '../../shared/pageScene';
import { queryRunner } from '../../shared/queryRunner';
import { baseVariables } from '../../variables/variableSets';
import { configTablePanel } from '../ConfigTable/configTablePanel';
import { reportGuestName } from './guestNameBehavior';
import { InGuestStatus } from './InGuestStatus';
import { processTable } from './processTable';

/** `onName` receives the guest's name from the inventory (the page puts it in its title). */
export function vmDetailScene(settings: AppSettings, vmId: string, onName?: (name: string) => void) {
  const q = vmDetailQueries(settings.jobs, vmId);
  const status = queryRunner([...q.info, ...q.inGuestTarget]);
  const devices = PanelBuilders.table()
    .setTitle('PCI devices (GPU passthrough / vGPU)')
    .setData(queryRunner(q.gpuDevices))
    .build();
  const scene = pageScene({
    variables: new SceneVariableSet({ variables: baseVariables(settings) }),
    rows: [
      item(configTablePanel(settings.jobs, [m.vmIs(vmId)], 'Configuration'), 150),
      new SceneFlexItem({
        height: 80,
        body: new InGuestStatus({
          $data: status,
          sdServerUrl: settings.sdServerUrl,
        }),
      }),
      row([
        item(
          timeseries(
            'CPU — host view',
            q.hostCpu,
            'percentunit',
            'Share of the vCPUs the VM process used (pve-exporter).'
          )
        ),
        item(
          timeseries(
            'CPU — in-guest',
            q.guestCpu,
            'percentunit',
            'Busy as the guest sees it, and steal (time the vCPUs waited for the host) on Linux guests: windows_exporter has no steal counter, so Windows guests show busy only.'
          )
        ),
      ]),
      row([
        item(
          timeseries(
            'Memory — host view vs in-guest',
            q.memory,
            'bytes',
            'Host view: what the VM takes from the host, including the guest page cache; lowered by ballooning. In-guest: memory applications use (total − available), excluding cache.'
          )
        ),
        item(timeseries('Swap / paging — in-guest', q.swap, 'short')),
      ]),
      row([
        item(timeseries('Disk throughput — host view', q.hostDisk, 'Bps')),
        item(timeseries('Disk latency — in-guest per disk', q.diskLatency, 's')),
        item(timeseries('Disk IOPS — in-guest per disk', q.diskIops, 'iops')),
      ]),
      row([
        item(
          PanelBuilders.bargauge()
            .setTitle('Filesystems free — in-guest')
            .setData(queryRunner(q.filesystems))
            .setUnit('percentunit')
            .setMin(0)
            .setMax(1)
            .build()
        ),
        item(timeseries('Network — host view', q.hostNetwork, 'Bps')),
        item(timeseries('NICs — in-guest', q.nics, 'Bps')),
      ]),
      row([item(timeseries('vGPU', q.vgpu, 'percentunit')), item(devices)]),
      item(processTable(processQueries(settings.jobs, vmId)), 420),
    ],
  });
  if (onName) {
    scene.setState({ $behaviors: [reportGuestName(status, onName)] });
  }
  return scene;
}
