import { SceneAppPage, type SceneRouteMatch } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../shared/routing';
import { vmDetailScene } from './vmDetailScene';

/** `/vms/:vmId`: one guest, host view and in-guest view (a sibling route of the config table). */
export function vmDetailPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'VM detail',
    subTitle: 'Host view (Proxmox) and in-guest view (node_exporter / windows_exporter), side by side.',
    // SceneApp keys page routes by url: it must differ from the list page's.
    url: `${prefixRoute(ROUTES.vms)}/:vmId`,
    routePath: `${ROUTES.vms}/:vmId/*`,
    getScene: (match: SceneRouteMatch<{ vmId?: string }>) =>
      vmDetailScene(settings, decodeURIComponent(match.params.vmId ?? '')),
  });
}
