export { recordingRules, RATE_WINDOW } from './recordings/names.js';
export type { RecordingRuleKey, RecordingRuleName } from './recordings/names.js';
export { PAGE } from './recordings/pages.js';
export {
  DEFAULT_CONFIG,
  DEFAULT_JOBS,
  DEFAULT_RUNBOOK_BASE_URL,
  E2E_PROFILE,
  resolveConfig,
  selectors,
} from './config.js';
export type { JobNames, RulesConfig, Selectors } from './config.js';
export type {
  AlertAnnotations,
  AlertingRule,
  AlertLabels,
  AlertSpec,
  RecordingRule,
  RecordName,
  RuleGroup,
  Severity,
} from './dsl/rule.js';
export { alertSpec, recordingRule } from './dsl/rule.js';
export type { Duration } from './dsl/duration.js';
export { durationSeconds, formatDuration, isDuration } from './dsl/duration.js';
export { alertGroups, alertSpecGroups, buildAlert, runbookUrl } from './alerts/index.js';
export { recordingGroups } from './recordings/index.js';
export { buildRuleSet, renderRuleSet } from './build.js';
export type { RuleSet } from './build.js';
export { renderRuleFile } from './render.js';
export { promqlSyntaxErrors } from './promql-syntax.js';
export type { SyntaxError as PromqlSyntaxError } from './promql-syntax.js';
export { assertValidPromql } from './validate.js';
export * from './metrics/index.js';
