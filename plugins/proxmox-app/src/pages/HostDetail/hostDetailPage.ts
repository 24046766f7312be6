import { SceneAppPage, SceneVariableSet, type SceneRouteMatch } from '@grafana/scenes';
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

/** `/hosts`: pick a node. */
export function hostsPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Hosts',
    subTitle: 'Proxmox VE nodes; click one for its detail.',
    url: prefixRoute(ROUTES.hosts),
    routePath: `${ROUTES.hosts}/*`,
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

/** `/hosts/:node`: Host Detail (a sibling route of `/hosts`, see vmDetailPage for why). */
export function hostDetailPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Host detail',
    subTitle: 'CPU, memory, disks, network and GPUs of the node, and its guests.',
    // SceneApp keys page routes by url: it must differ from the list page's.
    url: `${prefixRoute(ROUTES.hosts)}/:node`,
    routePath: `${ROUTES.hosts}/:node/*`,
    getScene: (match: SceneRouteMatch<{ node?: string }>) =>
      hostDetailScene(settings, decodeURIComponent(match.params.node ?? '')),
  });
}
