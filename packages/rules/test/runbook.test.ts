import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alertGroups } from '../src/alerts/index.js';
import { DEFAULT_CONFIG, DEFAULT_RUNBOOK_BASE_URL } from '../src/config.js';

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
