import { Document, isMap, isSeq, type YAMLMap } from 'yaml';
import type { AlertingRule, RecordingRule, RuleGroup } from './dsl/rule.js';

export interface RenderOptions {
  /** Lines for the header comment (without `#`). */
  readonly header: readonly string[];
}

/** A Prometheus rule file with stable key order, block-literal expressions and a header comment. */
export function renderRuleFile(
  groups: readonly RuleGroup<RecordingRule | AlertingRule>[],
  options: RenderOptions,
): string {
  const plain = {
    groups: groups.map((g) => ({
      name: g.name,
      ...(g.interval && { interval: g.interval }),
      rules: g.rules.map((r) =>
        'record' in r ? { record: r.record, expr: r.expr } : alertToYaml(r),
      ),
    })),
  };
  const doc = new Document(plain);
  doc.commentBefore = options.header.map((l) => (l ? ` ${l}` : '')).join('\n');
  // Recording rules: say where each result is used, next to the rule.
  const groupsNode = doc.get('groups');
  if (isSeq(groupsNode)) {
    groupsNode.items.forEach((groupNode, gi) => {
      const rulesNode = isMap(groupNode) ? groupNode.get('rules') : undefined;
      if (!isSeq(rulesNode)) return;
      rulesNode.items.forEach((ruleNode, ri) => {
        const rule = groups[gi]?.rules[ri];
        if (rule && 'record' in rule && isMap(ruleNode)) {
          (ruleNode as YAMLMap).commentBefore = ` used by: ${rule.usedBy.join(', ')}`;
        }
      });
    });
  }
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}

function alertToYaml(r: AlertingRule): Record<string, unknown> {
  return {
    alert: r.alert,
    expr: r.expr,
    ...(r.for && { for: r.for }),
    ...(r.keep_firing_for && { keep_firing_for: r.keep_firing_for }),
    labels: { severity: r.labels.severity },
    annotations: {
      summary: r.annotations.summary,
      description: r.annotations.description,
      runbook_url: r.annotations.runbook_url,
    },
  };
}
