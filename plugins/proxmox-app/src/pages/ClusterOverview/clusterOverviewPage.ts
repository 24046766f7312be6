import { SceneAppPage } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../shared/routing';
import { clusterOverviewScene } from './clusterOverviewScene';

export function clusterOverviewPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Cluster overview',
    subTitle: 'Every node and guest at a glance; click a tile to drill down.',
    url: prefixRoute(ROUTES.overview),
    routePath: `${ROUTES.overview}/*`,
    getScene: () => clusterOverviewScene(settings),
  });
}
