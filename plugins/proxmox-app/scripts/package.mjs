#!/usr/bin/env node
// Zips dist/ the way the Grafana plugin validator and `grafana cli --pluginUrl` expect: one
// top-level folder named after the plugin id. Output: artifacts/<id>-<version>.zip (+ .sha1).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'plugin.json'))) {
  console.error(
    'package: dist/plugin.json missing: run `npm run build` first (nx: npx nx run @pvemon/proxmox-app:package)'
  );
  process.exit(1);
}
const { id, info } = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8'));
const stage = mkdtempSync(join(tmpdir(), 'pvemon-package-'));
try {
  cpSync(dist, join(stage, id), { recursive: true });
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  const zip = join(root, 'artifacts', `${id}-${info.version}.zip`);
  rmSync(zip, { force: true });
  execFileSync('zip', ['-qr', zip, id], { cwd: stage });
  const sha1 = createHash('sha1').update(readFileSync(zip)).digest('hex');
  writeFileSync(`${zip}.sha1`, `${sha1}\n`);
  console.log(`[package] ${zip} (${(readFileSync(zip).length / 1024).toFixed(0)} KiB, sha1 ${sha1})`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
