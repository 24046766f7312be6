import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderRuleSet } from './build.js';
import type { RulesConfig } from './config.js';
import { assertValidPromql } from './validate.js';

/** Writes recording.yml and alerts.yml into `dir`; returns the paths written. */
export async function generateRuleFiles(config: RulesConfig, dir: string): Promise<string[]> {
  assertValidPromql(config);
  await mkdir(dir, { recursive: true });
  const files = renderRuleSet(config);
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, text);
    written.push(path);
  }
  return written;
}
