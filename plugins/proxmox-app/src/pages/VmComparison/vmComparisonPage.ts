import { SceneAppPage } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../shared/routing';
import { vmComparisonScene } from './vmComparisonScene';

export function vmComparisonPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'VM comparison',
    subTitle: 'Pick guests (narrow the list by vCPUs, memory and tags) and compare them side by side.',
    url: prefixRoute(ROUTES.compare),
    routePath: `${ROUTES.compare}/*`,
    getScene: () => vmComparisonScene(settings),
  });
}
