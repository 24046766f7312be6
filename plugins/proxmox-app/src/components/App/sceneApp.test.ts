import { FieldType, LoadingState, getDefaultTimeRange, toDataFrame } from '@grafana/data';
import {
  SceneAppPage,
  SceneQueryRunner,
  sceneGraph,
  type SceneAppPageLike,
  type SceneRouteMatch,
} from '@grafana/scenes';
import { PLUGIN_BASE_URL } from '../../constants';
import { resolveSettings } from '../../settings/appSettings';
import { guestNameFromFrames } from '../../pages/VmDetail/guestNameBehavior';
import { makeSceneApp } from './sceneApp';

const match = <T extends Record<string, string>>(params: T, url: string): SceneRouteMatch<T> => ({
  params,
  isExact: true,
  path: url,
  url,
});

function listPage(title: string): SceneAppPageLike {
  const page = makeSceneApp(resolveSettings({})).state.pages.find((p) => p.state.title === title);
  expect(page).toBeDefined();
  return page!;
}

function drilldown(parent: SceneAppPageLike, params: Record<string, string>, url: string): SceneAppPage {
  const [view] = parent.state.drilldowns ?? [];
  expect(view).toBeDefined();
  return view!.getPage(match(params, url), parent) as SceneAppPage;
}

describe('detail pages: titles and breadcrumbs', () => {
  it('Host Detail is a drill-down of Hosts, titled after the node, with Hosts as parent', () => {
    const hosts = listPage('Hosts');
    const page = drilldown(hosts, { node: 'pve%201' }, `${PLUGIN_BASE_URL}/hosts/pve%201`);
    expect(page.state.title).toBe('Host pve 1');
    expect(page.state.url).toBe(`${PLUGIN_BASE_URL}/hosts/pve%201`);
    expect(page.state.getParentPage?.()).toBe(hosts);
    expect(hosts.state.url).toBe(`${PLUGIN_BASE_URL}/hosts`);
  });

  it('VM Detail is a drill-down of the config table; its title gains the name from the inventory', () => {
    const table = listPage('VM config table');
    const page = drilldown(table, { vmId: '101' }, `${PLUGIN_BASE_URL}/vms/101`);
    expect(page.state.title).toBe('VM 101');
    expect(page.state.getParentPage?.()).toBe(table);

    const scene = page.getScene(match({ vmId: '101' }, `${PLUGIN_BASE_URL}/vms/101`));
    const [behaviour] = scene.state.$behaviors ?? [];
    expect(typeof behaviour).toBe('function');
    const runner = sceneGraph.findObject(
      scene,
      // The in-guest status runner: the guest's inventory row (`info`) and its exporter (`up`).
      (o) => o instanceof SceneQueryRunner && o.state.queries.map((q) => q.refId).join() === 'info,up'
    ) as SceneQueryRunner | null;
    expect(runner).not.toBeNull();
    const stop = (behaviour as (s: typeof scene) => () => void)(scene);
    runner!.setState({
      data: {
        state: LoadingState.Done,
        timeRange: getDefaultTimeRange(),
        series: [
          toDataFrame({
            refId: 'info',
            fields: [
              { name: 'vm_id', type: FieldType.string, values: ['101'] },
              { name: 'vm_name', type: FieldType.string, values: ['web-01'] },
            ],
          }),
        ],
      },
    });
    expect(page.state.title).toBe('VM 101 · web-01');
    stop();
  });

  it('reads no name from frames without an inventory row', () => {
    expect(guestNameFromFrames([])).toBeUndefined();
    expect(
      guestNameFromFrames([toDataFrame({ refId: 'info', fields: [{ name: 'vm_name', values: [''] }] })])
    ).toBeUndefined();
  });
});
