import type { RulesConfig } from '../config.js';
import { selectors, withRateWindow } from '../config.js';
import { durationSeconds, formatDuration, type Duration } from '../dsl/duration.js';
import type { AlertingRule, AlertSpec, RuleGroup } from '../dsl/rule.js';
import { availabilityAlerts } from './availability.js';
import { capacityAlerts } from './capacity.js';
import { performanceAlerts } from './performance.js';
import { pipelineAlerts } from './pvemon.js';

/** Alert specs by group, before runbook links and test overrides are applied. */
export function alertSpecGroups(config: RulesConfig): RuleGroup<AlertSpec>[] {
  const s = selectors(config);
  return [
    { name: 'pvemon.alerts.performance', rules: performanceAlerts(s) },
    { name: 'pvemon.alerts.availability', rules: availabilityAlerts(s) },
    { name: 'pvemon.alerts.capacity', rules: capacityAlerts(s) },
    { name: 'pvemon.alerts.pipeline', rules: pipelineAlerts(s) },
  ];
}

/** `<base>#<alertname lower-cased>` — the anchor of the alert's section in docs/runbook.md. */
export function runbookUrl(config: RulesConfig, alert: string): string {
  return `${config.runbookBaseUrl}#${alert.toLowerCase()}`;
}

/** Turns an author's spec into the rule written to YAML (runbook link, overrides). */
export function buildAlert(config: RulesConfig, spec: AlertSpec): AlertingRule {
  const forValue = testFor(spec.for, config);
  const keep = config.keepFiringForOverride ?? spec.keep_firing_for;
  const keepValue = keep !== undefined && durationSeconds(keep) > 0 ? keep : undefined;
  return {
    alert: spec.alert,
    expr: withRateWindow(spec.expr, config),
    ...(forValue !== undefined && { for: forValue }),
    ...(keepValue !== undefined &&
      spec.keep_firing_for !== undefined && { keep_firing_for: keepValue }),
    labels: { severity: spec.labels.severity },
    annotations: {
      summary: spec.annotations.summary,
      description: spec.annotations.description,
      runbook_url: runbookUrl(config, spec.alert),
    },
  };
}

/** The `for:` to write: production's, or a test build's override / divided value. */
function testFor(value: Duration | undefined, config: RulesConfig): Duration | undefined {
  if (value === undefined || durationSeconds(value) === 0) return undefined;
  if (config.forOverride) return config.forOverride;
  if (config.forDivisor)
    return formatDuration(Math.ceil(durationSeconds(value) / config.forDivisor));
  return value;
}

export function alertGroups(config: RulesConfig): RuleGroup<AlertingRule>[] {
  const interval = config.evaluationInterval;
  return alertSpecGroups(config).map((g) => ({
    name: g.name,
    ...(interval && { interval }),
    rules: g.rules.map((spec) => buildAlert(config, spec)),
  }));
}
