import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertGroups } from '../src/alerts/index.js';
import { renderRuleSet } from '../src/build.js';
import { DEFAULT_CONFIG } from '../src/config.js';
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
