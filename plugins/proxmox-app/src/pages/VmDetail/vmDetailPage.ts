import { SceneAppPage, type SceneAppDrilldownView, type SceneAppPageLike, type SceneRouteMatch } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { vmUrl } from '../../shared/links';
import { vmDetailScene } from './vmDetailScene';

/** `/vms/:vmId`: one guest, host view and in-guest view. */
export function vmDetailDrilldown(settings: AppSettings): SceneAppDrilldownView {
  return {
    routePath: ':vmId/*',
    getPage: (match: SceneRouteMatch<{ vmId: string }>, parent: SceneAppPageLike) => {
      const vmId = decodeURIComponent(match.params.vmId);
      return new SceneAppPage({
        title: `Guest ${vmId}`,
        subTitle: 'Host view (Proxmox) and in-guest view (node_exporter / windows_exporter), side by side.',
        url: vmUrl(vmId),
        routePath: ':vmId/*',
        getParentPage: () => parent,
        getScene: () => vmDetailScene(settings, vmId),
      });
    },
  };
}
