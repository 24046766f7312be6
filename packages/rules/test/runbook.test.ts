import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alertGroups } from '../src/alerts/index.js';
import { DEFAULT_CONFIG, DEFAULT_RUNBOOK_BASE_URL } from '../src/config.js';
import { recordingRules } from '../src/recordings/names.js';
import { alertTableMarkdown, recordingTableMarkdown, spliceGenerated } from '../src/docs.js';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const runbookPath = fileURLToPath(new URL('../../../docs/runbook.md', import.meta.url));

describe('docs/runbook.md', () => {
  it('has one section per alert, anchored by the lower-cased alert name runbook_url points to', async () => {
    const text = await readFile(runbookPath, 'utf8');
    const headings = [...text.matchAll(/^## (\w+)$/gm)].map((m) => m[1]!.toLowerCase());
    for (const rule of alertGroups(DEFAULT_CONFIG).flatMap((g) => g.rules)) {
      const anchor = rule.alert.toLowerCase();
      expect(rule.annotations.runbook_url).toBe(`${DEFAULT_RUNBOOK_BASE_URL}#${anchor}`);
      expect(headings, `missing "## ${rule.alert}" in docs/runbook.md`).toContain(anchor);
    }
  });
});

describe('README.md', () => {
  it('has the generated alert and recording tables up to date', async () => {
    const text = await readFile(readmePath, 'utf8');
    const fresh = spliceGenerated(
      spliceGenerated(text, 'alerts', alertTableMarkdown(DEFAULT_CONFIG)),
      'recordings',
      recordingTableMarkdown(DEFAULT_CONFIG),
    );
    expect(text === fresh, 'README tables are stale: run `npm run generate -w @pvemon/rules`').toBe(
      true,
    );
  });

  it('lists every alert and every recording rule', async () => {
    const text = await readFile(readmePath, 'utf8');
    for (const rule of alertGroups(DEFAULT_CONFIG).flatMap((g) => g.rules)) {
      expect(text, `README alert table misses ${rule.alert}`).toContain(`[${rule.alert}]`);
    }
    for (const record of Object.values(recordingRules)) {
      expect(text, `README recording list misses ${record}`).toContain(`\`${record}\``);
    }
  });
});
