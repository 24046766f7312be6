import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderRuleSet } from '../src/build.js';
import { DEFAULT_CONFIG } from '../src/config.js';

const repoRules = fileURLToPath(new URL('../../../stack/prometheus/rules/', import.meta.url));

describe('committed rule files', () => {
  for (const [name, text] of Object.entries(renderRuleSet(DEFAULT_CONFIG))) {
    it(`stack/prometheus/rules/${name} matches the TypeScript source`, async () => {
      const committed = await readFile(repoRules + name, 'utf8').catch(() => '');
      expect(
        committed === text,
        `stack/prometheus/rules/${name} is out of date: run \`npm run generate -w @pvemon/rules\``,
      ).toBe(true);
    });
  }
});
