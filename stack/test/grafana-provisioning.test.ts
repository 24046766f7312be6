// stack/grafana/provisioning: the data source uid the app points at, the app id Compose allow-lists,
// and job names equal to those the generated rules (and prometheus.yml) use.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_FILES, repoDir, stackDir } from '../src/paths.js';

const dir = join(stackDir(), 'grafana/provisioning');
const datasources = parse(readFileSync(join(dir, 'datasources/prometheus.yml'), 'utf8')) as {
  datasources: { uid: string; type: string; url: string; jsonData: { timeInterval: string } }[];
};
const apps = parse(readFileSync(join(dir, 'plugins/pvemon-proxmox-app.yml'), 'utf8')) as {
  apps: {
    type: string;
    disabled: boolean;
    jsonData: { datasourceUid: string; jobs: Record<string, string> };
  }[];
};

describe('Grafana provisioning', () => {
  it('provisions the Prometheus data source with the fixed uid the app uses', () => {
    const ds = datasources.datasources[0];
    expect(ds).toMatchObject({
      uid: 'pvemon-prometheus',
      type: 'prometheus',
      url: 'http://prometheus:9090',
    });
    const prom = parse(readFileSync(join(stackDir(), CONFIG_FILES.prometheus), 'utf8')) as {
      global: { scrape_interval: string };
    };
    expect(ds?.jsonData.timeInterval).toBe(prom.global.scrape_interval);
    expect(apps.apps[0]?.jsonData.datasourceUid).toBe(ds?.uid);
  });

  it('enables the app whose id Compose allow-lists, with the rules job names', () => {
    const app = apps.apps[0];
    expect(app).toMatchObject({ type: 'pvemon-proxmox-app', disabled: false });
    const header = readFileSync(join(stackDir(), CONFIG_FILES.rules, 'alerts.yml'), 'utf8').match(
      /^# Jobs: (.*)$/m,
    );
    const ruleJobs = Object.fromEntries(
      (header?.[1] ?? '').split(' ').map((kv) => kv.split('=') as [string, string]),
    );
    expect(app?.jsonData.jobs).toEqual(ruleJobs);
    const pluginJson = join(repoDir(), 'plugins/proxmox-app/src/plugin.json');
    if (existsSync(pluginJson)) {
      expect((JSON.parse(readFileSync(pluginJson, 'utf8')) as { id: string }).id).toBe(app?.type);
    }
  });
});
