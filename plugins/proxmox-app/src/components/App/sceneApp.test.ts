import { resolveSettings } from '../../settings/appSettings';
import { makeSceneApp } from './sceneApp';

describe('SceneApp', () => {
  it('routes every page; detail routes are distinct siblings of their list pages', () => {
    const app = makeSceneApp(resolveSettings({}));
    const routes = app.state.pages.map((p) => [p.state.routePath, p.state.url]);
    expect(routes).toEqual([
      ['overview/*', '/a/pvemon-proxmox-app/overview'],
      ['hosts/:node/*', '/a/pvemon-proxmox-app/hosts/:node'],
      ['hosts/*', '/a/pvemon-proxmox-app/hosts'],
      ['compare/*', '/a/pvemon-proxmox-app/compare'],
      ['vms/:vmId/*', '/a/pvemon-proxmox-app/vms/:vmId'],
      ['vms/*', '/a/pvemon-proxmox-app/vms'],
    ]);
    // SceneApp keys its routes by url: duplicates would break in-app navigation.
    expect(new Set(routes.map(([, url]) => url)).size).toBe(routes.length);
  });

  it('syncs time range, refresh and variables to the URL', () => {
    const app = makeSceneApp(resolveSettings({}));
    expect(app.state.urlSyncOptions).toEqual({ updateUrlOnInit: true, createBrowserHistorySteps: true });
  });
});
