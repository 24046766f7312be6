import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { PluginType, type AppPluginMeta } from '@grafana/data';
import { setDataSourceSrv } from '@grafana/runtime';
import { DEFAULT_JOBS } from '@pvemon/rules';
import type { AppJsonData } from '../../settings/appSettings';
import { testIds } from '../../testIds';
import AppConfig from './AppConfig';

beforeAll(() => {
  // The data source picker lists Prometheus data sources through the runtime service.
  setDataSourceSrv({
    getList: () => [],
    getInstanceSettings: () => undefined,
    get: async () => undefined,
    reload: async () => undefined,
  } as never);
});

function renderConfig(jsonData: AppJsonData) {
  const meta = {
    id: 'pvemon-proxmox-app',
    type: PluginType.app,
    enabled: true,
    pinned: true,
    jsonData,
  } as unknown as AppPluginMeta<AppJsonData>;
  return render(<AppConfig plugin={{ meta } as never} query={{}} />);
}

describe('app configuration page', () => {
  it('shows the job names, defaulting to the rules package defaults', () => {
    renderConfig({ jobs: { pve: 'proxmox' } });
    expect(screen.getByTestId(testIds.appConfig.job('pve'))).toHaveValue('proxmox');
    expect(screen.getByTestId(testIds.appConfig.job('guestLinux'))).toHaveValue(DEFAULT_JOBS.guestLinux);
    expect(screen.getByTestId(testIds.appConfig.submit)).toBeEnabled();
  });

  it('refuses a job name that would break a PromQL selector, and a bad sd-server URL', () => {
    renderConfig({});
    fireEvent.change(screen.getByTestId(testIds.appConfig.job('node')), { target: { value: 'pve"nodes' } });
    expect(screen.getByText('must not contain quotes, backslashes or newlines')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.appConfig.submit)).toBeDisabled();
    fireEvent.change(screen.getByTestId(testIds.appConfig.job('node')), { target: { value: 'pve-nodes' } });
    fireEvent.change(screen.getByTestId(testIds.appConfig.sdServerUrl), { target: { value: 'sd:9710' } });
    expect(screen.getByText('must start with http:// or https://')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.appConfig.submit)).toBeDisabled();
  });
});
