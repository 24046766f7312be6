import { SceneAppPage, SceneVariableSet, type SceneRouteMatch } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { ROUTES } from '../../constants';
import { m } from '../../queries/matchers';
import { item } from '../../shared/panels/panels';
import { pageScene } from '../../shared/pageScene';
import { prefixRoute } from '../../shared/routing';
import { nodeScopedVariables } from '../../variables/variableSets';
import { vmDetailPage } from '../VmDetail/vmDetailPage';
import { configTablePanel } from './configTablePanel';

export function configTableScene(settings: AppSettings) {
  return pageScene({
    variables: new SceneVariableSet({ variables: nodeScopedVariables(settings) }),
    rows: [item(configTablePanel(settings.jobs, [m.node], 'Every guest'), 720)],
  });
}

export function configTablePage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'VM config table',
    subTitle: 'Every guest with its placement, configuration, status and in-guest exporter. Sort, filter, export CSV.',
    url: prefixRoute(ROUTES.vms),
    routePath: `${ROUTES.vms}/*`,
    // `/vms/:vmId` (relative to the list page's routes): VM Detail, with this page as breadcrumb.
    drilldowns: [
      {
        routePath: ':vmId/*',
        getPage: (match: SceneRouteMatch<{ vmId?: string }>, parent) =>
          vmDetailPage(settings, decodeURIComponent(match.params.vmId ?? ''), parent),
      },
    ],
    getScene: () => configTableScene(settings),
  });
}
