import { stringify } from 'yaml';
import type { AlertingRule, RecordingRule, RuleGroup } from '../src/dsl/rule.js';
import type { ExpectedAlert, FiringCase, QuietCase, RecordingCase } from './cases/types.js';
import { sel } from './cases/types.js';

export interface PromtoolTestFile {
  readonly yaml: string;
  /** Number of alert_rule_test + promql_expr_test cases in the file. */
  readonly cases: number;
}

interface Ctx {
  readonly alerts: ReadonlyMap<string, AlertingRule>;
  readonly groupOrder: readonly string[];
  readonly ruleFiles: readonly string[];
}

export function contextFor(
  recording: readonly RuleGroup<RecordingRule>[],
  alerts: readonly RuleGroup<AlertingRule>[],
): Ctx {
  return {
    alerts: new Map(alerts.flatMap((g) => g.rules.map((r) => [r.alert, r] as const))),
    // Recordings first, so alerts evaluated at the same timestamp see fresh recorded samples.
    groupOrder: [...recording, ...alerts].map((g) => g.name),
    ruleFiles: ['recording.yml', 'alerts.yml'],
  };
}

function expAlert(ctx: Ctx, alert: string, e: ExpectedAlert) {
  const rule = ctx.alerts.get(alert);
  if (!rule) throw new Error(`test case for unknown alert ${alert}`);
  return {
    exp_labels: { ...e.labels, severity: rule.labels.severity },
    exp_annotations: {
      summary: e.summary,
      description: e.description,
      runbook_url: rule.annotations.runbook_url,
    },
  };
}

const inputSeries = (series: readonly (readonly [string, string])[]) =>
  series.map(([s, values]) => ({ series: s, values }));

export function alertTestFile(
  ctx: Ctx,
  firing: FiringCase[],
  quiet: QuietCase[],
): PromtoolTestFile {
  let cases = 0;
  const tests = [
    ...firing.map((c) => {
      const checks = [
        { eval_time: c.notBefore, alertname: c.alert, exp_alerts: [] },
        {
          eval_time: c.firesAt,
          alertname: c.alert,
          exp_alerts: c.expected.map((e) => expAlert(ctx, c.alert, e)),
        },
        ...(c.alsoAt ?? []).map((a) => ({
          eval_time: a.at,
          alertname: c.alert,
          exp_alerts: a.expected.map((e) => expAlert(ctx, c.alert, e)),
        })),
      ];
      cases += checks.length;
      return {
        name: `${c.alert} fires: ${c.name}`,
        interval: '1m',
        input_series: inputSeries(c.series),
        alert_rule_test: checks,
      };
    }),
    ...quiet.map((c) => {
      cases += c.at.length;
      return {
        name: `${c.alert} stays quiet: ${c.name}`,
        interval: '1m',
        input_series: inputSeries(c.series),
        alert_rule_test: c.at.map((t) => ({ eval_time: t, alertname: c.alert, exp_alerts: [] })),
      };
    }),
  ];
  const yaml = stringify(
    {
      rule_files: ctx.ruleFiles,
      evaluation_interval: '1m',
      group_eval_order: ctx.groupOrder,
      tests,
    },
    { lineWidth: 0 },
  );
  return { yaml, cases };
}

export function recordingTestFile(ctx: Ctx, recordings: RecordingCase[]): PromtoolTestFile {
  let cases = 0;
  const tests = recordings.map((c) => {
    cases += c.expect.length;
    return {
      name: `recording: ${c.name}`,
      interval: '1m',
      input_series: inputSeries(c.series),
      promql_expr_test: c.expect.map((e) => ({
        expr: e.record,
        eval_time: c.at,
        exp_samples: e.samples.map((s) => ({ labels: sel(e.record, s.labels), value: s.value })),
      })),
    };
  });
  const yaml = stringify(
    {
      rule_files: ctx.ruleFiles,
      evaluation_interval: '1m',
      group_eval_order: ctx.groupOrder,
      tests,
    },
    { lineWidth: 0 },
  );
  return { yaml, cases };
}
