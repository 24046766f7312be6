#!/usr/bin/env node
// Sums the per-package results that Vitest ("Tests  12 passed | 1 failed (13)") and Jest
// ("Tests:       2 failed, 10 passed, 12 total") print, so one closing line tells the whole run.
import { readFileSync } from 'node:fs';

const [logPath, seconds] = process.argv.slice(2);
// eslint-disable-next-line no-control-regex
const text = readFileSync(logPath, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const line of text.split('\n')) {
  const m = /^(?:\S+: )?\s*Tests:?\s+(.*)$/.exec(line);
  if (!m) continue;
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(m[1])?.[1] ?? 0);
  passed += count('passed');
  failed += count('failed');
  skipped += count('skipped');
}
console.log(`\n[test] finished in ${seconds} s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
