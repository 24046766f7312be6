import { readFileSync } from 'node:fs';
import { parseFamilies } from '../test/support/exposition.js';
const pairs: [string, string][] = [
  ['/tmp/pvx/out-host_node_exporter.txt', 'test/fixtures/exporters/e2e-output.v1.12.1.excerpt.txt'],
  ['/tmp/pvx/out-node_exporter.txt', 'test/fixtures/exporters/e2e-output.v1.5.0.txt'],
  ['/tmp/pvx/out-windows_exporter.txt', 'test/fixtures/exporters/e2e-output.v0.31.8.txt'],
  ['/tmp/pvx/out-pve_exporter.txt', 'test/fixtures/exporters/README-example.v3.10.0.txt'],
  ['/tmp/pvx/out-nvidia_gpu_exporter.txt', 'test/fixtures/exporters/linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.metrics'],
];
for (const [ours, theirs] of pairs) {
  const a = parseFamilies(readFileSync(ours, 'utf8'));
  const b = parseFamilies(readFileSync(theirs, 'utf8'));
  console.log('=====', ours);
  const missing = [...b.keys()].filter((k) => !a.has(k));
  const prefixes = new Map<string, number>();
  for (const k of missing) { const p = k.split('_').slice(0, 2).join('_'); prefixes.set(p, (prefixes.get(p) ?? 0) + 1); }
  console.log('missing prefixes', [...prefixes].map(([p, n]) => `${p}:${n}`).join(' '));
  for (const [k, f] of a) {
    const r = b.get(k);
    if (!r) { console.log('EXTRA', k); continue; }
    if (r.type !== f.type) console.log('TYPE', k, f.type, r.type);
    if (r.samples > 0 && [...f.labels].sort().join() !== [...r.labels].sort().join()) console.log('LABELS', k, [...f.labels].sort().join(), '| real', [...r.labels].sort().join());
  }
}
