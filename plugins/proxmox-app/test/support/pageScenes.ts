import { sceneGraph, QueryVariable, type EmbeddedScene, type SceneObject } from '@grafana/scenes';
import type { AppSettings } from '../../src/settings/appSettings';
import { clusterOverviewScene } from '../../src/pages/ClusterOverview/clusterOverviewScene';
import { configTableScene } from '../../src/pages/ConfigTable/configTablePage';
import { hostDetailScene } from '../../src/pages/HostDetail/hostDetailScene';
import { vmComparisonScene } from '../../src/pages/VmComparison/vmComparisonScene';
import { vmDetailScene } from '../../src/pages/VmDetail/vmDetailScene';
import { queryRunners, setVariables } from './sceneQueries';

/** Values picked from the demo data for the variables and route parameters of every page. */
export interface PageParams {
  datasourceUid: string;
  cluster: string;
  gpuNode: string;
  linuxVm: string;
  windowsVm: string;
}

export interface IssuedQuery {
  page: string;
  /** Panel title (or variable name) and refId. */
  source: string;
  expr: string;
  kind: 'instant' | 'range' | 'label_values' | 'query_result';
}

const ALL = ['$__all'];

/** Every page scene with its variables set as a user would have them. */
export function pageScenes(settings: AppSettings, p: PageParams): Array<{ page: string; scene: EmbeddedScene }> {
  const base = { ds: p.datasourceUid, cluster: [p.cluster] };
  const pages: Array<[string, EmbeddedScene, Record<string, string | string[]>]> = [
    ['Cluster Overview', clusterOverviewScene(settings), { ...base, node: ALL }],
    ['Host Detail', hostDetailScene(settings, p.gpuNode), base],
    [
      'VM Comparison',
      vmComparisonScene(settings),
      { ...base, node: ALL, vcpus: ALL, memory_gb: ALL, tag: ALL, vm: [p.linuxVm, p.windowsVm] },
    ],
    [`VM Detail (${p.linuxVm}, Linux + vGPU)`, vmDetailScene(settings, p.linuxVm), base],
    [`VM Detail (${p.windowsVm}, Windows + vGPU)`, vmDetailScene(settings, p.windowsVm), base],
    ['VM config table', configTableScene(settings), { ...base, node: ALL }],
  ];
  return pages.map(([page, scene, values]) => {
    setVariables(scene, values);
    return { page, scene };
  });
}

function titleOf(o: SceneObject): string {
  let cur: SceneObject | undefined = o;
  while (cur) {
    const title = (cur.state as { title?: string }).title;
    if (title) {
      return title;
    }
    cur = cur.parent;
  }
  return '?';
}

/** Every query a page sends (panels and variables), interpolated with the page's variables. */
export function issuedQueries(page: string, scene: EmbeddedScene): IssuedQuery[] {
  const out: IssuedQuery[] = [];
  for (const runner of queryRunners(scene)) {
    for (const q of runner.state.queries as Array<{ refId: string; expr: string; instant?: boolean }>) {
      out.push({
        page,
        source: `${titleOf(runner)} / ${q.refId}`,
        expr: sceneGraph.interpolate(runner, q.expr),
        kind: q.instant ? 'instant' : 'range',
      });
    }
  }
  for (const v of sceneGraph.getVariables(scene).state.variables) {
    if (v instanceof QueryVariable) {
      const raw =
        typeof v.state.query === 'string' ? v.state.query : String((v.state.query as { query?: string }).query);
      const expr = sceneGraph.interpolate(v, raw);
      out.push({
        page,
        source: `variable ${v.state.name}`,
        expr,
        kind: expr.startsWith('label_values') ? 'label_values' : 'query_result',
      });
    }
  }
  return out;
}
