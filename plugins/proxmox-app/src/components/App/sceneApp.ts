import { SceneApp } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { clusterOverviewPage } from '../../pages/ClusterOverview/clusterOverviewPage';
import { configTablePage } from '../../pages/ConfigTable/configTablePage';
import { hostsPage } from '../../pages/HostDetail/hostDetailPage';
import { vmComparisonPage } from '../../pages/VmComparison/vmComparisonPage';

/**
 * The whole app: one SceneApp, every page's state (time, refresh, variables) in the URL. Host and
 * VM Detail are drill-downs of the Hosts and VM config table pages (titles and breadcrumbs).
 */
export function makeSceneApp(settings: AppSettings): SceneApp {
  return new SceneApp({
    pages: [clusterOverviewPage(settings), hostsPage(settings), vmComparisonPage(settings), configTablePage(settings)],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}
