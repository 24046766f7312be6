import { alertSpecGroups } from './alerts/index.js';
import type { RulesConfig } from './config.js';
import { recordingGroups } from './recordings/index.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** README table rows: alert, severity, for, what it watches (runbook-linked). */
export function alertTableMarkdown(config: RulesConfig): string {
  const rows = alertSpecGroups(config).flatMap((g) =>
    g.rules.map((a) => {
      const hold = `${a.for ?? '0s'}${a.keep_firing_for ? ` (keep ${a.keep_firing_for})` : ''}`;
      const link = `[${a.alert}](../../docs/runbook.md#${a.alert.toLowerCase()})`;
      return `| ${link} | ${a.labels.severity} | ${hold} | ${cell(a.watches)} |`;
    }),
  );
  return ['| Alert | Severity | for | Watches |', '|---|---|---|---|', ...rows].join('\n');
}

/** README table rows: recording rule and where it is used. */
export function recordingTableMarkdown(config: RulesConfig): string {
  const rows = recordingGroups(config).flatMap((g) =>
    g.rules.map((r) => `| \`${r.record}\` | ${cell(r.usedBy.join(', '))} |`),
  );
  return ['| Record | Used by |', '|---|---|', ...rows].join('\n');
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function spliceGenerated(doc: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return `${doc.slice(0, i + start.length)}\n${content}\n${doc.slice(j)}`;
}
