// stack/prometheus/prometheus.yml: promtool accepts both renderings (Compose addresses and native
// loopback), the job names are the ones @pvemon/rules selects on, every sd-server role is scraped,
// and a real Prometheus loads the generated rules without rule errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  COMPOSE_ADDRESSES,
  COMPOSE_PATHS,
  NATIVE_ADDRESSES,
  type AddressName,
} from '../src/render/addresses.js';
import { layoutPaths, writeRendered } from '../src/render/render.js';
import { CONFIG_FILES, stackDir } from '../src/paths.js';
import { requireBinary } from '../src/tools/binaries.js';
import { run } from '../src/tools/run.js';
import { startPrometheus } from '../src/runner/services.js';
import type { Child } from '../src/runner/child.js';
import { freePort, tempDir } from './helpers.js';

const dir = stackDir();
const rulesDir = join(dir, CONFIG_FILES.rules);
const source = readFileSync(join(dir, CONFIG_FILES.prometheus), 'utf8');

interface ScrapeConfig {
  job_name: string;
  http_sd_configs?: { url: string; refresh_interval: string }[];
  static_configs?: { targets: string[] }[];
  relabel_configs?: Record<string, unknown>[];
  params?: Record<string, string[]>;
  metrics_path?: string;
}
const config = parse(source) as {
  scrape_configs: ScrapeConfig[];
  rule_files: string[];
  global: { external_labels: Record<string, string> };
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
};
const job = (name: string): ScrapeConfig => {
  const found = config.scrape_configs.find((j) => j.job_name === name);
  if (!found) throw new Error(`no job ${name}`);
  return found;
};

/** The job names the committed rules were generated for (header line written by @pvemon/rules). */
function rulesJobs(): Record<string, string> {
  const header = readFileSync(join(rulesDir, 'alerts.yml'), 'utf8').match(/^# Jobs: (.*)$/m);
  if (!header?.[1]) throw new Error('alerts.yml has no "# Jobs:" header');
  return Object.fromEntries(header[1].split(' ').map((kv) => kv.split('=') as [string, string]));
}

describe('prometheus.yml content', () => {
  it('has a job for every job name the generated rules select on', () => {
    const names = config.scrape_configs.map((j) => j.job_name);
    for (const [key, name] of Object.entries(rulesJobs())) expect(names, key).toContain(name);
  });

  it('scrapes every sd-server role through http_sd_configs every 30s', () => {
    const roles = new Map<string, string[]>();
    for (const j of config.scrape_configs) {
      for (const sd of j.http_sd_configs ?? []) {
        expect(sd.refresh_interval, j.job_name).toBe('30s');
        const role = /\/targets\/(\w+)$/.exec(sd.url)?.[1] ?? '?';
        roles.set(role, [...(roles.get(role) ?? []), j.job_name]);
      }
    }
    expect([...roles.keys()].sort()).toEqual(['gpu', 'guests', 'nodes', 'pve']);
    expect(roles.get('gpu')?.sort()).toEqual(['nvidia-gpu', 'pvemon-vgpu']);
  });

  it('uses the pve-exporter multi-target relabel pattern', () => {
    const pve = job('pve');
    expect(pve.metrics_path).toBe('/pve');
    expect(pve.relabel_configs).toEqual(
      expect.arrayContaining([
        { source_labels: ['__address__'], target_label: '__param_target' },
        { source_labels: ['__meta_pve_module'], target_label: '__param_module' },
        { target_label: '__address__', replacement: COMPOSE_ADDRESSES.pveExporter },
      ]),
    );
  });

  it('never drops or rewrites the SD identity labels', () => {
    const identity = ['vm_id', 'vm_name', 'vcpus', 'memory_gb', 'node', 'tags', 'cluster', 'os'];
    for (const j of config.scrape_configs) {
      for (const r of j.relabel_configs ?? []) {
        expect(identity, `${j.job_name} writes ${String(r.target_label)}`).not.toContain(
          r.target_label,
        );
        if (r.action === 'labeldrop' || r.action === 'labelkeep') throw new Error(j.job_name);
      }
    }
  });

  it('loads the generated rules and the pipeline rules, alerts to Alertmanager, labels itself', () => {
    expect(config.rule_files).toEqual([
      `${COMPOSE_PATHS.rulesDir}*.yml`,
      `${COMPOSE_PATHS.prometheusDir}pipeline.rules.yml`,
    ]);
    expect(config.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual([
      COMPOSE_ADDRESSES.alertmanager,
    ]);
    expect(config.global.external_labels).not.toHaveProperty('cluster');
    expect(source).toMatch(/# remote_write:/);
  });

  it('lists every service:port it uses in the address table (templated, not forked)', () => {
    const texts = [source, readFileSync(join(dir, CONFIG_FILES.alertmanager), 'utf8')];
    const services = Object.keys(
      (
        parse(readFileSync(join(dir, CONFIG_FILES.compose), 'utf8'), { merge: true }) as {
          services: object;
        }
      ).services,
    );
    const known = new Set(Object.values(COMPOSE_ADDRESSES));
    for (const text of texts) {
      for (const m of text.matchAll(/(?<![\w.-])([a-z][a-z0-9-]*):(\d{2,5})\b/g)) {
        if (services.includes(m[1] ?? '') || m[1] === 'smtp-relay') {
          expect(known, m[0]).toContain(m[0]);
        }
      }
    }
  });
});

describe('promtool check config', () => {
  let tmp: ReturnType<typeof tempDir>;
  const promtool = requireBinary('promtool');
  beforeAll(() => {
    tmp = tempDir('promcfg');
  });
  afterAll(() => tmp.remove());

  const variants: Record<string, Record<AddressName, string>> = {
    compose: COMPOSE_ADDRESSES,
    native: NATIVE_ADDRESSES,
  };
  for (const [variant, addresses] of Object.entries(variants)) {
    it(`passes on the ${variant} rendering with the generated rules`, async () => {
      const out = join(tmp.path, variant);
      const written = writeRendered(out, { addresses, paths: layoutPaths(out, rulesDir) });
      const res = await run(promtool, ['check', 'config', written.prometheusConfig]);
      console.log(`promtool check config (${variant}): ${res.ms.toFixed(0)} ms`);
      expect(res.stderr + res.stdout).toMatch(/SUCCESS: 3 rule files found/);
      expect(res.code, res.stderr).toBe(0);
      const text = readFileSync(written.prometheusConfig, 'utf8');
      if (variant === 'native') {
        for (const token of Object.values(COMPOSE_ADDRESSES)) expect(text).not.toContain(token);
        expect(text).not.toContain('/etc/prometheus/');
      }
    });
  }

  it('fails on a broken config (the check is real)', async () => {
    const out = join(tmp.path, 'broken');
    const written = writeRendered(out, {
      addresses: NATIVE_ADDRESSES,
      paths: layoutPaths(out, rulesDir),
    });
    const file = join(out, 'broken.yml');
    writeFileSync(
      file,
      readFileSync(written.prometheusConfig, 'utf8').replace(
        'refresh_interval: 30s',
        'refresh_interval: soon',
      ),
    );
    const res = await run(promtool, ['check', 'config', file]);
    expect(res.code).not.toBe(0);
  });
});

describe('a real Prometheus (Debian) loads the native rendering', () => {
  let tmp: ReturnType<typeof tempDir>;
  let prometheus: Child | undefined;
  let base = '';

  beforeAll(async () => {
    tmp = tempDir('prom');
    const listen = `127.0.0.1:${await freePort()}`;
    base = `http://${listen}`;
    const written = writeRendered(tmp.path, {
      addresses: { ...NATIVE_ADDRESSES, prometheus: listen },
      paths: layoutPaths(tmp.path, rulesDir),
    });
    prometheus = await startPrometheus({
      config: written.prometheusConfig,
      listen,
      dataDir: join(tmp.path, 'data'),
      logDir: tmp.path,
    });
  });
  afterAll(async () => {
    await prometheus?.stop();
    tmp.remove();
  });

  it('evaluates every rule group without errors and scrapes itself', async () => {
    const deadline = Date.now() + 25_000;
    let groups: { name: string; rules: { health: string; lastError?: string; name: string }[] }[] =
      [];
    let evaluated = false;
    while (Date.now() < deadline) {
      const body = (await (await fetch(`${base}/api/v1/rules`)).json()) as {
        data: { groups: typeof groups };
      };
      groups = body.data.groups;
      evaluated =
        groups.length > 0 && groups.every((g) => g.rules.every((r) => r.health !== 'unknown'));
      if (evaluated) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(evaluated).toBe(true);
    const errors = groups.flatMap((g) =>
      g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}: ${r.lastError}`),
    );
    expect(errors).toEqual([]);
    const names = groups.map((g) => g.name);
    expect(names).toContain('pvemon.pipeline');
    console.log(
      `Prometheus loaded ${groups.length} rule groups, ${groups.reduce((n, g) => n + g.rules.length, 0)} rules, no errors`,
    );
    const targets = (await (await fetch(`${base}/api/v1/targets`)).json()) as {
      data: { activeTargets: { labels: { job: string }; health: string }[] };
    };
    const self = targets.data.activeTargets.find((t) => t.labels.job === 'prometheus');
    expect(self).toBeDefined();
  });
});
