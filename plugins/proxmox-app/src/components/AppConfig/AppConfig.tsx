import React, { useState } from 'react';
import { Button, Field, FieldSet, Input } from '@grafana/ui';
import { DataSourcePicker, getBackendSrv, locationService } from '@grafana/runtime';
import type { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { DEFAULT_JOBS, type JobNames } from '@pvemon/rules';
import { lastValueFrom } from 'rxjs';
import { jobNameError, type AppJsonData } from '../../settings/appSettings';
import { testIds } from '../../testIds';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppJsonData>> {}

const JOB_LABELS: Record<keyof JobNames, string> = {
  guestLinux: 'In-guest node_exporter (Linux)',
  guestWindows: 'In-guest windows_exporter',
  node: 'node_exporter on PVE hosts',
  pve: 'pve-exporter',
  gpu: 'nvidia_gpu_exporter',
  vgpu: 'pvemon vGPU exporter',
  sd: 'pvemon sd-server',
};

/** Datasource, job names (as in `pvemon-rules generate --*-job`) and the sd-server URL. */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const { enabled, pinned, jsonData } = plugin.meta;
  const [datasourceUid, setDatasourceUid] = useState(jsonData?.datasourceUid ?? '');
  const [sdServerUrl, setSdServerUrl] = useState(jsonData?.sdServerUrl ?? '');
  const [jobs, setJobs] = useState<JobNames>({ ...DEFAULT_JOBS, ...jsonData?.jobs });
  const errors = Object.fromEntries(Object.entries(jobs).map(([k, v]) => [k, jobNameError(v)]));
  const urlError = sdServerUrl && !/^https?:\/\//.test(sdServerUrl) ? 'must start with http:// or https://' : undefined;
  const invalid = Boolean(urlError) || Object.values(errors).some(Boolean);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    await lastValueFrom(
      getBackendSrv().fetch({
        url: `/api/plugins/${plugin.meta.id}/settings`,
        method: 'POST',
        data: { enabled, pinned, jsonData: { datasourceUid, jobs, sdServerUrl } satisfies AppJsonData },
      })
    );
    locationService.reload();
  };

  return (
    <form onSubmit={onSubmit} data-testid={testIds.appConfig.container}>
      <FieldSet label="Prometheus">
        <Field
          label="Data source"
          description="Pre-selected in every page (users can switch in the Data source picker)."
        >
          <div data-testid={testIds.appConfig.datasource}>
            <DataSourcePicker
              pluginId="prometheus"
              current={datasourceUid || null}
              onChange={(ds) => setDatasourceUid(ds.uid)}
            />
          </div>
        </Field>
      </FieldSet>
      <FieldSet label="Job names (must match prometheus.yml and the rules build)">
        {(Object.keys(JOB_LABELS) as Array<keyof JobNames>).map((key) => (
          <Field key={key} label={JOB_LABELS[key]} invalid={Boolean(errors[key])} error={errors[key]}>
            <Input
              data-testid={testIds.appConfig.job(key)}
              value={jobs[key]}
              onChange={(e) => setJobs({ ...jobs, [key]: e.currentTarget.value.trim() })}
            />
          </Field>
        ))}
      </FieldSet>
      <FieldSet label="sd-server">
        <Field
          label="URL"
          description="Base URL of the pvemon sd-server, for links to its targets."
          invalid={Boolean(urlError)}
          error={urlError}
        >
          <Input
            data-testid={testIds.appConfig.sdServerUrl}
            value={sdServerUrl}
            placeholder="http://sd-server:9999"
            onChange={(e) => setSdServerUrl(e.currentTarget.value.trim())}
          />
        </Field>
      </FieldSet>
      <Button type="submit" data-testid={testIds.appConfig.submit} disabled={invalid}>
        Save settings
      </Button>
    </form>
  );
};

export default AppConfig;
