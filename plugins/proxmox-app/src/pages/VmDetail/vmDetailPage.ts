import { SceneAppPage, type SceneAppPageLike } from '@grafana/scenes';
import type { AppSettings } from '../../settings/appSettings';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../shared/routing';
import { vmDetailScene } from './vmDetailScene';

/** The page title: the vm_id from the route, and the guest's name once the inventory answered. */
export function vmDetailTitle(vmId: string, name?: string): string {
  return name ? `VM ${vmId} · ${name}` : `VM ${vmId}`;
}

/**
 * `/vms/:vmId`: one guest, host view and in-guest view — a drill-down of the VM config table
 * (its breadcrumb parent). The name comes from the page's own inventory query, not the route.
 */
export function vmDetailPage(settings: AppSettings, vmId: string, parent: SceneAppPageLike): SceneAppPage {
  const page: SceneAppPage = new SceneAppPage({
    title: vmDetailTitle(vmId),
    subTitle: 'Host view (Proxmox) and in-guest view (node_exporter / windows_exporter), side by side.',
    url: `${prefixRoute(ROUTES.vms)}/${encodeURIComponent(vmId)}`,
    routePath: ':vmId/*',
    getParentPage: () => parent,
    getScene: () =>
      vmDetailScene(settings, vmId, (name) => {
        const title = vmDetailTitle(vmId, name);
        if (page.state.title !== title) {
          page.setState({ title });
        }
      }),
  });
  return page;
}
