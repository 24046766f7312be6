// stack/alertmanager/alertmanager.yml: amtool accepts it, and `amtool config routes test` sends a
// representative alert of EVERY route to the intended receiver.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NATIVE_ADDRESSES } from '../src/render/addresses.js';
import { layoutPaths, writeRendered } from '../src/render/render.js';
import { CONFIG_FILES, stackDir } from '../src/paths.js';
import { requireBinary } from '../src/tools/binaries.js';
import { run } from '../src/tools/run.js';
import { tempDir } from './helpers.js';

const dir = stackDir();
const source = readFileSync(join(dir, CONFIG_FILES.alertmanager), 'utf8');

interface Route {
  receiver: string;
  matchers?: string[];
  routes?: Route[];
}
interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal: string[];
}
const config = parse(source) as {
  route: Route;
  inhibit_rules: InhibitRule[];
  receivers: { name: string }[];
  global: Record<string, unknown>;
};

/** One case per route of the tree (by its matchers, '' = the root/default route). */
const cases: { route: string; labels: string[]; receiver: string }[] = [
  {
    route: 'alertname="Watchdog"',
    labels: ['alertname=Watchdog', 'severity=none'],
    receiver: 'watchdog',
  },
  {
    route: 'alertname="AlertmanagerNotificationsFailing",integration="webhook"',
    labels: [
      'alertname=AlertmanagerNotificationsFailing',
      'integration=webhook',
      'severity=critical',
    ],
    receiver: 'email',
  },
  {
    route: 'alertname="AlertmanagerNotificationsFailing",integration="email"',
    labels: [
      'alertname=AlertmanagerNotificationsFailing',
      'integration=email',
      'severity=critical',
    ],
    receiver: 'webhook',
  },
  {
    route: 'severity="critical"',
    labels: ['alertname=PveNodeDown', 'severity=critical', 'cluster=c1', 'node=pve1'],
    receiver: 'webhook-and-email',
  },
  {
    route: 'severity="warning"',
    labels: ['alertname=GuestCpuSaturation', 'severity=warning', 'node=pve1', 'vm_id=101'],
    receiver: 'webhook',
  },
  {
    route: 'severity=~"info|none"',
    labels: ['alertname=SomethingInformational', 'severity=info'],
    receiver: 'blackhole',
  },
  // Root: no or unknown severity is never silent.
  { route: '', labels: ['alertname=MislabelledRule'], receiver: 'webhook-and-email' },
  { route: '', labels: ['alertname=OddSeverity', 'severity=page'], receiver: 'webhook-and-email' },
  // A failing integration that is neither webhook nor email falls through to its severity.
  {
    route: 'severity="critical"',
    labels: [
      'alertname=AlertmanagerNotificationsFailing',
      'integration=slack',
      'severity=critical',
    ],
    receiver: 'webhook-and-email',
  },
];

describe('alertmanager.yml', () => {
  const amtool = requireBinary('amtool');
  let tmp: ReturnType<typeof tempDir>;
  let configFile = '';

  beforeAll(() => {
    tmp = tempDir('amcfg');
    // Production rendering: Compose addresses; secret paths into a temp dir with a dummy file.
    const written = writeRendered(tmp.path, {
      addresses: {
        ...NATIVE_ADDRESSES,
        smtpRelay: 'smtp-relay:587',
        alertReceiver: 'alert-receiver:9095',
      },
      paths: layoutPaths(tmp.path, join(dir, CONFIG_FILES.rules)),
    });
    writeFileSync(join(written.secretsDir, 'smtp_password'), 'not-a-real-password\n');
    configFile = written.alertmanagerConfig;
  });
  afterAll(() => tmp.remove());

  it('passes amtool check-config', async () => {
    const res = await run(amtool, ['check-config', configFile]);
    console.log(`amtool check-config: ${res.ms.toFixed(0)} ms`);
    expect(res.stdout).toMatch(/SUCCESS/);
    expect(res.stdout).toMatch(/2 inhibit rules/);
    expect(res.code).toBe(0);
  });

  it('has a routes-test case for every route of the tree', () => {
    const routes = ['', ...(config.route.routes ?? []).map((r) => (r.matchers ?? []).join(','))];
    for (const r of routes)
      expect(
        cases.map((c) => c.route),
        `route {${r}}`,
      ).toContain(r);
    expect(config.route.routes?.some((r) => r.routes)).toBe(false); // flat tree: the list is complete
  });

  for (const c of cases) {
    it(`routes {${c.labels.join(', ')}} → ${c.receiver}`, async () => {
      const res = await run(amtool, [
        'config',
        'routes',
        'test',
        `--config.file=${configFile}`,
        `--verify.receivers=${c.receiver}`,
        ...c.labels,
      ]);
      expect(res.stdout.trim()).toBe(c.receiver);
      expect(res.code).toBe(0);
    });
  }

  it('a wrong expectation fails (the check is real)', async () => {
    const res = await run(amtool, [
      'config',
      'routes',
      'test',
      `--config.file=${configFile}`,
      '--verify.receivers=email',
      'alertname=GuestCpuSaturation',
      'severity=warning',
    ]);
    expect(res.code).not.toBe(0);
  });

  it('groups by cluster, node and severity; critical goes to webhook AND email', () => {
    expect((config.route as unknown as { group_by: string[] }).group_by).toEqual([
      'cluster',
      'node',
      'severity',
    ]);
    const both = config.receivers.find((r) => r.name === 'webhook-and-email') as unknown as Record<
      string,
      unknown[]
    >;
    expect(both.webhook_configs).toHaveLength(1);
    expect(both.email_configs).toHaveLength(1);
  });

  it('inhibits guest alerts of a down node and warnings of a critical twin', () => {
    expect(config.inhibit_rules).toEqual([
      {
        source_matchers: ['alertname="PveNodeDown"'],
        target_matchers: ['alertname!="PveNodeDown"'],
        equal: ['cluster', 'node'],
      },
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['alertname', 'cluster', 'node', 'vm_id', 'instance'],
      },
    ]);
  });

  it('reads secrets from files, never inline', () => {
    expect(config.global.smtp_auth_password_file).toBe('/run/secrets/smtp_password');
    expect(config.global).not.toHaveProperty('smtp_auth_password');
    expect(source).not.toMatch(/^\s*(password|bearer_token|credentials):/m);
  });
});
