import type { Duration } from './duration.js';

/** `critical` pages, `warning` goes to the team channel, `info` only shows in Grafana. */
export type Severity = 'critical' | 'warning' | 'info';

/** A recording-rule name following `level:metric:operations`. */
export type RecordName = `${string}:${string}:${string}`;

/** Labels an alert may set. Object-literal checks make a misspelt label a compile error. */
export interface AlertLabels {
  readonly severity: Severity;
}

/** Annotations every pvemon alert carries (Prometheus `annotations:`). */
export interface AlertAnnotations {
  /** One line: what and where, with the value and its unit. */
  readonly summary: string;
  /** Two or three sentences: how much, since when, what it likely means. */
  readonly description: string;
  readonly runbook_url: string;
}

/** An alert as authors write it; `runbook_url` is derived from the name (see `buildAlert`). */
export interface AlertSpec {
  readonly alert: string;
  readonly expr: string;
  readonly for?: Duration;
  readonly keep_firing_for?: Duration;
  readonly labels: AlertLabels;
  readonly annotations: Omit<AlertAnnotations, 'runbook_url'>;
  /** Short text for the README's alert table: what the alert watches. */
  readonly watches: string;
}

/** An alerting rule exactly as it is written to YAML. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: Duration;
  readonly keep_firing_for?: Duration;
  readonly labels: AlertLabels;
  readonly annotations: AlertAnnotations;
}

export interface RecordingRule {
  readonly record: RecordName;
  readonly expr: string;
  /** Where the result is used: alert names and/or app pages (documentation; not written to YAML). */
  readonly usedBy: readonly string[];
}

export interface RuleGroup<R> {
  readonly name: string;
  readonly interval?: Duration;
  readonly rules: readonly R[];
}

/** Identity helpers: they only pin the type so authors get completion and checks. */
export function alertSpec(spec: AlertSpec): AlertSpec {
  return spec;
}

export function recordingRule(rule: RecordingRule): RecordingRule {
  return rule;
}
