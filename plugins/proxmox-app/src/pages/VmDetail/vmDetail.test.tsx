import React from 'react';
import { render, screen } from '@testing-library/react';
import { FieldType, LoadingState, toDataFrame, getDefaultTimeRange } from '@grafana/data';
import { SceneDataNode } from '@grafana/scenes';
import { interpolatedExprs, panels, setVariables } from '../../../test/support/sceneQueries';
import { resolveSettings } from '../../settings/appSettings';
import { processQueries } from '../../queries/processes';
import { testIds } from '../../testIds';
import { diagnoseInGuest, inGuestMessage } from './inGuestDiagnosis';
import { InGuestStatus } from './InGuestStatus';
import { vmDetailScene } from './vmDetailScene';

describe('VM Detail', () => {
  const build = () => {
    const scene = vmDetailScene(resolveSettings({}), '100');
    setVariables(scene, { ds: 'prom', cluster: ['$__all'] });
    return scene;
  };

  it('has host view and in-guest panels, labelled memory views, disks, NICs, GPU and processes', () => {
    const titles = panels(build()).map((p) => p.state.title);
    expect(titles).toEqual([
      'Configuration',
      'CPU — host view',
      'CPU — in-guest',
      'Memory — host view vs in-guest',
      'Swap / paging — in-guest',
      'Disk throughput — host view',
      'Disk latency — in-guest per disk',
      'Disk IOPS — in-guest per disk',
      'Filesystems free — in-guest',
      'Network — host view',
      'NICs — in-guest',
      'vGPU',
      'PCI devices (GPU passthrough / vGPU)',
      'Top processes (in-guest)',
    ]);
  });

  it('says where data cannot exist: no steal on Windows, no process list without a process exporter', () => {
    const byTitle = (t: string) => panels(build()).find((p) => p.state.title === t)!;
    expect(byTitle('CPU — in-guest').state.description).toMatch(/windows_exporter has no steal counter/);
    expect(byTitle('Top processes (in-guest)').state.fieldConfig.defaults.noValue).toMatch(
      /neither windows_exporter \(process collector\) nor process-exporter/
    );
  });

  it('labels both memory views so ballooning and page cache are not confused', () => {
    const memory = panels(build()).find((p) => p.state.title.startsWith('Memory'))!;
    const runner = memory.state.$data as unknown as { state: { queries: Array<{ legendFormat: string }> } };
    expect(runner.state.queries.map((q) => q.legendFormat)).toEqual([
      'Host view: used by the VM (incl. guest page cache)',
      'Host view: assigned (balloon target)',
      'In-guest: used by applications (excl. cache)',
    ]);
  });

  it('selects the route vm_id everywhere and reads Linux or Windows in-guest series', () => {
    const exprs = interpolatedExprs(build());
    expect(exprs.every((e) => e.includes('vm_id="100"'))).toBe(true);
    expect(exprs).toContain(
      'guest:node_cpu_utilisation:rate5m{vm_id="100"} or guest:windows_cpu_utilisation:rate5m{vm_id="100"}'
    );
    const [cpu] = processQueries(resolveSettings({}).jobs, '100');
    expect(cpu!.expr).toContain('windows_process_cpu_time_total{job=~"guests", vm_id="100"}');
    expect(cpu!.expr).toContain('namedprocess_namegroup_cpu_seconds_total');
  });

  it('explains missing in-guest data: stopped, no target, exporter down', () => {
    expect(diagnoseInGuest({ status: 'stopped', targets: [] }).kind).toBe('stopped');
    expect(diagnoseInGuest({ status: 'running', targets: [] }).kind).toBe('no-target');
    expect(diagnoseInGuest({ status: 'running', targets: [{ address: '10.0.0.5:9100', up: 0 }] })).toEqual({
      kind: 'exporter-down',
      address: '10.0.0.5:9100',
    });
    expect(diagnoseInGuest({ status: 'running', targets: [{ address: 'a', up: 1 }] }).kind).toBe('ok');
    expect(diagnoseInGuest({ targets: [] }).kind).toBe('unknown-guest');
    expect(inGuestMessage({ kind: 'no-target' }).text).toContain('guest agent');
  });

  it('renders the diagnosis banner from the status query frames', () => {
    const frames = [
      toDataFrame({ refId: 'info', fields: [{ name: 'status', type: FieldType.string, values: ['running'] }] }),
      toDataFrame({
        refId: 'up',
        fields: [
          { name: 'instance', type: FieldType.string, values: ['10.0.0.5:9100'] },
          { name: 'Value #up', type: FieldType.number, values: [0] },
        ],
      }),
    ];
    const status = new InGuestStatus({
      $data: new SceneDataNode({
        data: { state: LoadingState.Done, series: frames, timeRange: getDefaultTimeRange() },
      }) as never,
      sdServerUrl: 'http://sd:9710',
    });
    render(<status.Component model={status} />);
    expect(screen.getByTestId(testIds.vmDetail.inGuestStatus)).toHaveTextContent(
      'No in-guest data: the exporter is down'
    );
    expect(screen.getByTestId(testIds.vmDetail.inGuestStatus)).toHaveTextContent('10.0.0.5:9100');
    expect(screen.getByText('Guest targets served by the sd-server').closest('a')).toHaveAttribute(
      'href',
      'http://sd:9710/targets/guests'
    );
  });
});
