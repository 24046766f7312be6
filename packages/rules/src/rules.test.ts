import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertGroups, alertSpecGroups } from './alerts/index.js';
import { renderRuleSet } from './build.js';
import { DEFAULT_CONFIG, E2E_PROFILE, resolveConfig } from './config.js';
import { durationSeconds, formatDuration } from './dsl/duration.js';
import { promqlSyntaxErrors } from './promql-syntax.js';
import { recordingGroups } from './recordings/index.js';
import { recordingRules } from './recordings/names.js';

const recordings = recordingGroups(DEFAULT_CONFIG).flatMap((g) => g.rules);
const alerts = alertGroups(DEFAULT_CONFIG).flatMap((g) => g.rules);

describe('PromQL syntax (lezer-promql, the Prometheus UI grammar)', () => {
  it('detects a broken expression', () => {
    expect(promqlSyntaxErrors('rate(node_cpu_seconds_total[5m]')).not.toHaveLength(0);
    expect(promqlSyntaxErrors('sum by (a) (rate(x{a="b"}[5m])) > 0')).toHaveLength(0);
  });
  for (const r of [
    ...recordings.map((x) => ({ name: x.record, expr: x.expr })),
    ...alerts.map((x) => ({ name: x.alert, expr: x.expr })),
  ]) {
    it(`${r.name} parses`, () => expect(promqlSyntaxErrors(r.expr)).toEqual([]));
  }
});

describe('rule conventions', () => {
  it('exports every recorded name as a constant and records each exactly once', () => {
    const recorded = recordings.map((r) => r.record).sort();
    expect(recorded).toEqual(Object.values(recordingRules).sort());
    expect(new Set(recorded).size).toBe(recorded.length);
  });

  it('uses level:metric:operations names and one 5m rate window', () => {
    for (const r of recordings) {
      expect(r.record).toMatch(/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/);
      for (const m of r.expr.matchAll(/\[(\w+)\]/g)) expect(m[1], r.record).toBe('5m');
    }
  });

  it('uses each recording rule in an alert or a page', () => {
    const alertExprs = alerts.map((a) => a.expr).join('\n');
    const recordExprs = recordings.map((r) => r.expr).join('\n');
    for (const r of recordings) {
      expect(r.usedBy.length, r.record).toBeGreaterThan(0);
      for (const use of r.usedBy.filter((u) => /^[A-Z]\w+$/.test(u))) {
        const alert = alerts.find((a) => a.alert === use);
        expect(alert, `${r.record} claims use by unknown alert ${use}`).toBeDefined();
        expect(
          alert!.expr.includes(r.record) || recordExprs.includes(r.record),
          `${use} does not read ${r.record}`,
        ).toBe(true);
      }
    }
    expect(alertExprs).toContain(recordingRules.guestCpuStealLinux);
  });

  it('gives every alert a severity, summary, description and runbook link; `node` on host/guest alerts', () => {
    for (const a of alerts) {
      expect(['critical', 'warning', 'info']).toContain(a.labels.severity);
      expect(a.annotations.summary.length).toBeGreaterThan(10);
      expect(a.annotations.description.length).toBeGreaterThan(30);
      expect(a.annotations.runbook_url).toMatch(new RegExp(`#${a.alert.toLowerCase()}$`));
    }
  });

  it('avoids regexes whose meaning changed in Prometheus 3 (no `.` outside label copies)', () => {
    for (const r of [...recordings, ...alerts]) {
      const matchers = [...r.expr.matchAll(/=~"([^"]*)"|!~"([^"]*)"/g)].map(
        (m) => m[1] ?? m[2] ?? '',
      );
      for (const re of matchers) expect(re.replace(/\[[^\]]*\]/g, ''), r.expr).not.toContain('.');
    }
  });
});

describe('configuration', () => {
  it('puts custom job names into every selector', () => {
    const config = resolveConfig({
      jobs: { pve: 'proxmox', guestLinux: 'vm-linux', guestWindows: 'vm-win' },
    });
    const files = renderRuleSet(config);
    const all = files['recording.yml'] + files['alerts.yml'];
    expect(all).not.toContain('job="pve"');
    expect(all).not.toMatch(/job="guests"/);
    expect(all).toContain('job="proxmox"');
    expect(all).toContain('job="vm-win"');
    expect(files['alerts.yml']).toContain('# Jobs (custom):');
  });

  it('rejects a job name that would break the selector', () => {
    expect(() => resolveConfig({ jobs: { pve: 'a"b' } })).toThrow(/job name for "pve"/);
  });

  it('e2e profile divides every for: by 8, removes keep_firing_for and sets the interval', () => {
    const config = resolveConfig({ ...E2E_PROFILE });
    type Doc = {
      groups: {
        interval?: string;
        rules: { alert?: string; for?: string; keep_firing_for?: string }[];
      }[];
    };
    const doc = parse(renderRuleSet(config)['alerts.yml']) as Doc;
    const production = parse(renderRuleSet(DEFAULT_CONFIG)['alerts.yml']) as Doc;
    const prodFor = new Map(
      production.groups.flatMap((g) => g.rules).map((r) => [r.alert, r.for] as const),
    );
    for (const g of doc.groups) {
      expect(g.interval).toBe('5s');
      for (const r of g.rules) {
        const prod = prodFor.get(r.alert);
        if (prod === undefined) expect(r.for).toBeUndefined();
        else expect(durationSeconds(r.for ?? '')).toBe(Math.ceil(durationSeconds(prod) / 8));
        expect(r.keep_firing_for).toBeUndefined();
      }
    }
    const e2eFor = (alert: string) =>
      durationSeconds(doc.groups.flatMap((g) => g.rules).find((r) => r.alert === alert)?.for ?? '');
    // Production's order survives: the inhibitor fires well before the alerts it inhibits.
    expect(e2eFor('PveNodeDown')).toBe(15);
    expect(e2eFor('GuestExporterDown')).toBe(75);
    const files = renderRuleSet(config);
    const all = files['recording.yml'] + files['alerts.yml'];
    expect(all).not.toContain('[5m]');
    expect(all).toContain('[1m]');
    expect(all).toContain('[6h]'); // trend windows of predictive alerts are not rates
    const specs = alertSpecGroups(config).flatMap((g) => g.rules);
    expect(specs.filter((s) => s.for).length).toBe(
      doc.groups.flatMap((g) => g.rules).filter((r) => r.for).length,
    );
  });

  it('writes keys in a stable order with a header pointing at the source', () => {
    const text = renderRuleSet(DEFAULT_CONFIG)['alerts.yml'];
    expect(text.startsWith('# GENERATED by @pvemon/rules')).toBe(true);
    expect(text).toContain('packages/rules/src/alerts/');
    const swap = text.slice(text.indexOf('alert: MemorySwapActive'));
    const order = [
      'expr:',
      'for:',
      'keep_firing_for:',
      'labels:',
      'annotations:',
      'summary:',
      'description:',
      'runbook_url:',
    ];
    const positions = order.map((k) => swap.indexOf(k));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('durations', () => {
  it('parses and formats Prometheus durations', () => {
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(formatDuration(90)).toBe('1m30s');
    expect(() => durationSeconds('5 minutes')).toThrow(/not a Prometheus duration/);
  });
});
