import { buildRuleSet } from './build.js';
import type { RulesConfig } from './config.js';
import { promqlSyntaxErrors } from './promql-syntax.js';

/** Throws naming the rule when any expression of the set is not valid PromQL. */
export function assertValidPromql(config: RulesConfig): void {
  const set = buildRuleSet(config);
  const rules = [
    ...set.recording.flatMap((g) => g.rules.map((r) => ({ name: r.record, expr: r.expr }))),
    ...set.alerts.flatMap((g) => g.rules.map((r) => ({ name: r.alert, expr: r.expr }))),
  ];
  for (const rule of rules) {
    const [first] = promqlSyntaxErrors(rule.expr);
    if (first) {
      throw new Error(
        `rule ${rule.name}: invalid PromQL near "${first.near}" — check the job names and thresholds you passed`,
      );
    }
  }
}
