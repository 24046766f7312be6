#!/usr/bin/env node
// Fails when any installed dependency declares an `engines.node` range that excludes the oldest
// Node we support (the root package.json's engines floor): newest majors of many packages need
// Node 22, and a silent bump would break users on Node 20.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const semver = require('semver');
const root = JSON.parse(readFileSync('package.json', 'utf8'));
const floor = semver.minVersion(root.engines.node).version;
const offenders = [];

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      walk(path);
      continue;
    }
    const manifest = join(path, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      const range = pkg.engines?.node;
      if (range && !semver.satisfies(floor, range)) offenders.push(`${pkg.name}@${pkg.version} needs node ${range}`);
    }
    if (existsSync(join(path, 'node_modules'))) walk(join(path, 'node_modules'));
  }
}

walk('node_modules');
if (offenders.length > 0) {
  console.error(`[engines] these dependencies do not support Node ${floor} (our floor, package.json "engines"):`);
  for (const o of offenders) console.error(`  - ${o}`);
  console.error('[engines] pin an older version that supports it (npm view PKG engines), or add an "overrides" entry.');
  process.exit(1);
}
console.log(`[engines] every installed dependency supports Node ${floor}`);
