import { SceneAppPage, SceneVariableSet, type SceneAppPageLike, type SceneRouteMatch } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { ROUTES } from '../../constants';
import { overviewQueries } from '../../queries/cluster';
import { NODE_STATUS } from '../../queries/inventory';
import { drilldownLinks } from '../../shared/links';
import { item } from '../../shared/panels/panels';
import { pageScene } from '../../shared/pageScene';
import { prefixRoute } from '../../shared/routing';
import { nodeScopedVariables } from '../../variables/variableSets';
import { statusGrid } from '../ClusterOverview/statusGrid';
import { hostDetailScene } from './hostDetailScene';

/** `/hosts`: pick a node; `/hosts/:node` drills down to Host Detail. */
export function hostsPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Hosts',
    subTitle: 'Proxmox VE nodes; click one for its detail.',
    url: prefixRoute(ROUTES.hosts),
    routePath: `${ROUTES.hosts}/*`,
    // Matched inside the list page's routes, so relative to `/hosts/`.
    drilldowns: [
      {
        routePath: ':node/*',
        getPage: (match: SceneRouteMatch<{ node?: string }>, parent) =>
          hostDetailPage(settings, decodeURIComponent(match.params.node ?? ''), parent),
      },
    ],
    getScene: () =>
      pageScene({
        variables: new SceneVariableSet({ variables: nodeScopedVariables(settings) }),
        rows: [
          item(
            statusGrid(
              'Nodes',
              overviewQueries(settings.jobs).nodeStatus,
              NODE_STATUS,
              drilldownLinks.hostFromSeries()
            ),
            300
          ),
        ],
      }),
  });
}

/** `/hosts/:node`: Host Detail, titled after the node, with the Hosts list as its breadcrumb parent. */
export function hostDetailPage(settings: AppSettings, node: string, parent: SceneAppPageLike): SceneAppPage {
  return new SceneAppPage({
    title: `Host ${node}`,
    subTitle: 'CPU, memory, disks, network and GPUs of the node, and its guests.',
    url: `${prefixRoute(ROUTES.hosts)}/${encodeURIComponent(node)}`,
    routePath: ':node/*',
    getParentPage: () => parent,
    getScene: () => hostDetailScene(settings, node),
  });
}
