import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertGroups } from '../src/alerts/index.js';
import { renderRuleSet } from '../src/build.js';
import { DEFAULT_CONFIG, E2E_PROFILE, resolveConfig } from '../src/config.js';
import { recordingGroups } from '../src/recordings/index.js';
import { recordingRules } from '../src/recordings/names.js';
import * as availability from './cases/availability.js';
import * as capacity from './cases/capacity.js';
import * as performance from './cases/performance.js';
import { recordingCases } from './cases/recording.js';
import { findPromtool, promtool } from './promtool.js';
import { alertTestFile, contextFor, recordingTestFile } from './promtool-tests.js';

const firing = [...performance.firing, ...availability.firing, ...capacity.firing];
const quiet = [...performance.quiet, ...availability.quiet, ...capacity.quiet];
const recording = recordingGroups(DEFAULT_CONFIG);
const alerts = alertGroups(DEFAULT_CONFIG);
const ctx = contextFor(recording, alerts);
let dir = '';

async function writeRules(into: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(into, name), text);
}

beforeAll(async () => {
  findPromtool(); // fails the suite with the install instruction when promtool is missing
  dir = await mkdtemp(join(tmpdir(), 'pvemon-rules-'));
  await writeRules(dir, renderRuleSet(DEFAULT_CONFIG));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('promtool', () => {
  it('check rules accepts the generated files', async () => {
    const res = await promtool(['check', 'rules', 'recording.yml', 'alerts.yml'], dir);
    expect(res.ok, res.output).toBe(true);
  });

  it('has a firing case (for boundary, labels, annotations) and a near miss for EVERY alert', () => {
    const names = alerts.flatMap((g) => g.rules.map((r) => r.alert)).sort();
    expect([...new Set(firing.map((c) => c.alert))].sort()).toEqual(names);
    expect([...new Set(quiet.map((c) => c.alert))].sort()).toEqual(names);
  });

  it('has a promql_expr_test for EVERY recording rule', () => {
    const tested = new Set(recordingCases.flatMap((c) => c.expect.map((e) => e.record)));
    expect([...tested].sort()).toEqual(Object.values(recordingRules).sort());
  });

  it('test rules: alert and recording unit tests pass', async () => {
    const alertFile = alertTestFile(ctx, firing, quiet);
    const recFile = recordingTestFile(ctx, recordingCases);
    await writeFile(join(dir, 'alerts.test.yml'), alertFile.yaml);
    await writeFile(join(dir, 'recording.test.yml'), recFile.yaml);
    const res = await promtool(['test', 'rules', 'alerts.test.yml', 'recording.test.yml'], dir);
    console.log(
      `promtool test rules: ${alertFile.cases} alert_rule_test + ${recFile.cases} promql_expr_test = ` +
        `${alertFile.cases + recFile.cases} cases (${firing.length + quiet.length + recordingCases.length} test groups)`,
    );
    expect(res.ok, res.output).toBe(true);
  }, 240_000); // ~20 s on an idle 2-core machine; generous for a loaded CI runner

  it('e2e profile: the short-for build fires within a minute of sustained steal', async () => {
    const e2eDir = await mkdtemp(join(tmpdir(), 'pvemon-rules-e2e-'));
    try {
      const config = resolveConfig({ ...E2E_PROFILE });
      await writeRules(e2eDir, renderRuleSet(config));
      const e2eCtx = contextFor(recordingGroups(config), alertGroups(config));
      const labels = {
        job: 'guests',
        instance: '10.0.0.11:9100',
        node: 'pve1',
        vm_id: '101',
        vm_name: 'web1',
      };
      const series = (cpu: string): [string, string] => [
        `node_cpu_seconds_total{${Object.entries({ ...labels, cpu, mode: 'steal' })
          .map(([k, v]) => `${k}="${v}"`)
          .join(', ')}}`,
        '0+7.5x40',
      ];
      const file = alertTestFile(
        e2eCtx,
        [
          {
            alert: 'HostCpuStealHigh',
            name: 'e2e build, 15 s scrapes',
            series: [series('0'), series('1')],
            // 1m rate window: > 5 % from the second scrape (15 s), + for 5m ÷ 8 = 38 s → firing
            // at the first 5 s evaluation from 53 s on: 55 s.
            notBefore: '50s',
            firesAt: '55s',
            expected: [
              {
                labels,
                summary: 'CPU steal 45.83% in guest web1 (101) on node pve1',
                description:
                  'The vCPUs of web1 waited 45.83% of the time for a physical CPU of pve1 (threshold 5% for 5 minutes): other guests or the host compete for the same cores.',
              },
            ],
          },
        ],
        [],
      );
      await writeFile(
        join(e2eDir, 't.yml'),
        file.yaml
          .replace('evaluation_interval: 1m', 'evaluation_interval: 5s')
          .replace(/interval: 1m/g, 'interval: 15s'),
      );
      const res = await promtool(['test', 'rules', 't.yml'], e2eDir);
      expect(res.ok, res.output).toBe(true);
    } finally {
      await rm(e2eDir, { recursive: true, force: true });
    }
  });

  it('fails honestly when a rule is broken', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'pvemon-rules-broken-'));
    try {
      const files = renderRuleSet(DEFAULT_CONFIG);
      await writeRules(broken, {
        'recording.yml': files['recording.yml'],
        // A threshold typo: 0.5 instead of 0.05 must make the steal test fail.
        'alerts.yml': files['alerts.yml'].replace(
          'guest:node_cpu_steal:rate5m > 0.05',
          'guest:node_cpu_steal:rate5m > 0.5',
        ),
      });
      const only = performance.firing.filter((c) => c.alert === 'HostCpuStealHigh');
      await writeFile(join(broken, 't.yml'), alertTestFile(ctx, only, []).yaml);
      const res = await promtool(['test', 'rules', 't.yml'], broken);
      expect(res.ok).toBe(false);
      expect(res.output).toContain('HostCpuStealHigh');
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
