import { SceneApp } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { clusterOverviewPage } from '../../pages/ClusterOverview/clusterOverviewPage';
import { configTablePage } from '../../pages/ConfigTable/configTablePage';
import { hostDetailPage, hostsPage } from '../../pages/HostDetail/hostDetailPage';
import { vmDetailPage } from '../../pages/VmDetail/vmDetailPage';
import { vmComparisonPage } from '../../pages/VmComparison/vmComparisonPage';

/** The whole app: one SceneApp, every page's state (time, refresh, variables) in the URL. */
export function makeSceneApp(settings: AppSettings): SceneApp {
  return new SceneApp({
    pages: [
      clusterOverviewPage(settings),
      hostDetailPage(settings),
      hostsPage(settings),
      vmComparisonPage(settings),
      vmDetailPage(settings),
      configTablePage(settings),
    ],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}
