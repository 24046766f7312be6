import { startSimulator } from '../src/index.js';
import { writeFileSync } from 'node:fs';
const sim = await startSimulator({ nodes: 3, guests: 40, seed: 1, authDelayMs: 0, exporters: { ports: 'ephemeral' } });
const eps = sim.exporters;
console.log(eps.length, 'endpoints', sim.exporterGateway);
const byType: Record<string, string> = {};
for (const e of eps) {
  if (!e.up || byType[e.type]) continue;
  const url = e.type === 'pve_exporter' ? e.url + '?target=127.1.0.1&cluster=1&node=1' : e.url;
  const r = await fetch(url);
  const t = await r.text();
  byType[e.type] = t;
  writeFileSync(`/tmp/pvx/out-${e.type}.txt`, t);
  console.log(e.type, e.key, r.status, t.length);
}
const t0 = performance.now();
let n = 0;
for (const e of eps) { if (!e.up) continue; const url = e.type === 'pve_exporter' ? e.url + '?target=127.1.0.1' : e.url; const r = await fetch(url); await r.text(); n++; }
console.log('scraped', n, 'in', (performance.now()-t0).toFixed(0), 'ms');
await sim.close();
