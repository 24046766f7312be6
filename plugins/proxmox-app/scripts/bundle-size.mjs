#!/usr/bin/env node
// Prints the size of the built plugin and fails when it exceeds the budget: module.js is loaded
// on every Grafana page that lists apps, the rest lazily when the app opens.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const BUDGET = { moduleKiB: 64, jsKiB: 1024 };
const files = readdirSync(dist, { recursive: true })
  .map(String)
  .filter((f) => /\.js$/.test(f))
  .map((f) => ({ f, bytes: statSync(join(dist, f)).size, gz: gzipSync(readFileSync(join(dist, f))).length }));
const kib = (n) => (n / 1024).toFixed(1);
const module = files.find((x) => x.f === 'module.js');
const total = files.reduce((s, x) => s + x.bytes, 0);
const totalGz = files.reduce((s, x) => s + x.gz, 0);
console.log(
  `[bundle] module.js ${kib(module?.bytes ?? 0)} KiB (gzip ${kib(module?.gz ?? 0)} KiB), budget ${BUDGET.moduleKiB} KiB`
);
console.log(
  `[bundle] all JS ${kib(total)} KiB in ${files.length} files (gzip ${kib(totalGz)} KiB), budget ${BUDGET.jsKiB} KiB`
);
for (const x of files.sort((a, b) => b.bytes - a.bytes).slice(0, 3)) {
  console.log(`[bundle]   ${x.f}: ${kib(x.bytes)} KiB`);
}
if (!module || module.bytes > BUDGET.moduleKiB * 1024 || total > BUDGET.jsKiB * 1024) {
  console.error(
    '[bundle] over budget: check for a dependency bundled by mistake (webpack externals, @pvemon/rules imports)'
  );
  process.exit(1);
}
