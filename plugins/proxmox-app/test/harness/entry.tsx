import React, { useLayoutEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Route, Router, Routes } from 'react-router-dom';
import { from, map, catchError, of } from 'rxjs';
import {
  createTheme,
  EventBusSrv,
  LoadingState,
  type AppPluginMeta,
  type DataSourceInstanceSettings,
  type DataSourceRef,
  type ScopedVars,
  PluginType,
} from '@grafana/data';
import {
  locationService,
  LocationServiceProvider,
  setDataSourceSrv,
  setPluginImportUtils,
  setAppEvents,
  setRunRequest,
  setTemplateSrv,
} from '@grafana/runtime';
import { registerRuntimeDataSource, sceneGraph, type RuntimeDataSource, type SceneObject } from '@grafana/scenes';
import { registerRuntimeDataSourceInstance } from '@grafana/runtime/unstable';
import { ThemeContext } from '@grafana/ui';
import App from '../../src/components/App/App';
import type { AppJsonData } from '../../src/settings/appSettings';
import { registerStandardFieldConfigs } from '../support/fieldConfigs';
import { registerStandardTransformers } from '../support/transformers';
import { PrometheusHttpDatasource, requestLog } from './prometheusDatasource';
import { standInPanels } from './standInPanels';

/**
 * Renders the real app (its SceneApp, pages, variables, queries, transformations and menus)
 * outside Grafana: runtime services are wired to a Prometheus datasource that queries a REAL
 * Prometheus through the harness server (/prometheus), core panels are stand-ins.
 */
const DS_UID = 'prometheus';
const ds = new PrometheusHttpDatasource(DS_UID, '/prometheus');
const dsSettings = {
  uid: DS_UID,
  name: 'Prometheus',
  type: 'prometheus',
  id: 1,
  isDefault: true,
  access: 'proxy',
  jsonData: {},
  readOnly: true,
  meta: {
    id: 'prometheus',
    name: 'Prometheus',
    type: PluginType.datasource,
    info: { logos: { small: '', large: '' } },
  },
} as unknown as DataSourceInstanceSettings;

registerStandardTransformers();
setAppEvents(new EventBusSrv() as never);
// Grafana's templateSrv delegates to Scenes when the request carries its scene object.
setTemplateSrv({
  getVariables: () => [],
  replace: (target = '', scopedVars?: ScopedVars, format?: string) => {
    const holder = scopedVars?.__sceneObject?.value as { valueOf(): SceneObject } | undefined;
    return holder ? sceneGraph.interpolate(holder.valueOf(), target, scopedVars, format as never) : target;
  },
  containsTemplate: (t?: string) => Boolean(t?.includes('$')),
  updateTimeRange: () => undefined,
} as never);
registerStandardFieldConfigs();
// Scenes 9 resolves `${ds}` through @grafana/runtime's datasource maps (via plugin-compat).
registerRuntimeDataSource({ dataSource: ds as unknown as RuntimeDataSource });
Object.assign(ds, { instanceSettings: dsSettings });
registerRuntimeDataSourceInstance({ dataSource: ds } as never);
setDataSourceSrv({
  get: async () => ds,
  getList: () => [dsSettings],
  getInstanceSettings: (ref?: string | DataSourceRef | null) =>
    ref === undefined || ref === null || ref === DS_UID || (typeof ref === 'object' && ref.uid === DS_UID)
      ? dsSettings
      : undefined,
  reload: async () => undefined,
  registerRuntimeDataSource: () => undefined,
} as never);
setRunRequest((datasource, request) =>
  from(Promise.resolve(datasource.query(request) as Promise<{ data: never[] }>)).pipe(
    map((res) => ({ state: LoadingState.Done, series: res.data, timeRange: request.range, request })),
    catchError((err: Error) => {
      console.error(`query failed: ${err.message}`);
      return of({
        state: LoadingState.Error,
        series: [],
        errors: [{ message: err.message }],
        timeRange: request.range,
        request,
      });
    })
  )
);
setPluginImportUtils({
  importPanelPlugin: async (id: string) => {
    const p = standInPanels[id];
    if (!p) {
      throw new Error(`no stand-in for panel ${id}`);
    }
    return p;
  },
  getPanelPluginFromCache: (id: string) => standInPanels[id],
});

// Grafana routes in-app links itself; here a click on an app link becomes a history push.
document.addEventListener('click', (event) => {
  const a = (event.target as HTMLElement).closest('a');
  const href = a?.getAttribute('href');
  if (href?.startsWith('/a/')) {
    event.preventDefault();
    locationService.push(href);
  }
});

const meta = {
  id: 'pvemon-proxmox-app',
  name: 'pvemon',
  type: PluginType.app,
  enabled: true,
  jsonData: { datasourceUid: DS_UID },
  info: { logos: { small: '', large: '' } },
} as unknown as AppPluginMeta<AppJsonData>;

(window as unknown as { pvemonRequests: typeof requestLog }).pvemonRequests = requestLog;

/** Re-renders routes on every history change, as Grafana's own router does. */
function HistoryRouter({ children }: { children: React.ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((next: typeof history.location) => setLocation(next)), [history]);
  return (
    <Router navigator={history} location={location}>
      {children}
    </Router>
  );
}

const theme = createTheme({ colors: { mode: 'dark' } });
document.body.style.background = theme.colors.background.canvas;
document.body.style.color = theme.colors.text.primary;
document.body.style.fontFamily = theme.typography.fontFamily;

createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <LocationServiceProvider service={locationService}>
      <HistoryRouter>
        {/* Grafana mounts an app under /a/<id>/*; its SceneApp routes are relative to that. */}
        <Routes>
          <Route
            path="/a/pvemon-proxmox-app/*"
            element={
              <App
                meta={meta}
                basename="/a/pvemon-proxmox-app"
                path="/a/pvemon-proxmox-app"
                query={{}}
                onNavChanged={() => undefined}
              />
            }
          />
        </Routes>
      </HistoryRouter>
    </LocationServiceProvider>
  </ThemeContext.Provider>
);
