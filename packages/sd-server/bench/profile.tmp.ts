import { startSimulator } from '@pvemon/pve-simulator';
import { build } from '../src/app.js';
import { resolveConfig } from '../src/config/load.js';
const sim = await startSimulator({ nodes: 32, guests: 10000, authDelayMs: 0, seed: 7 });
const config = resolveConfig({ logLevel: 'warn', clusters: [{ name: 'b', endpoints: sim.endpoints.map(e=>e.url), tokenId: sim.tokens.auditor.id, tokenSecret: sim.tokens.auditor.secret, tls: { caFile: sim.ca.path }, allowLoopback: true, maxConcurrency: 32 }] }, 'x');
const app = await build({ config, startDiscovery: false });
let t = performance.now();
await app.discovery.refreshAll();
console.log('cold', performance.now() - t);
for (let i = 0; i < 5; i++) { t = performance.now(); await app.discovery.refreshAll(); console.log('steady', performance.now() - t); }
const { Session } = await import('node:inspector/promises');
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start');
for (let i = 0; i < 3; i++) { t = performance.now(); await app.discovery.refreshAll(); console.log('steady-prof', performance.now() - t); }
const { profile } = await s.post('Profiler.stop');
// self time by function
const self = new Map<string, number>();
const nodes = profile.nodes; const dt = profile.timeDeltas; const samples = profile.samples;
const byId = new Map(nodes.map((n) => [n.id, n]));
for (let i = 0; i < samples.length; i++) { const n = byId.get(samples[i]); if (!n) continue; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); }
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${(v/1000).toFixed(0)}ms ${k}`).join('\n'));
await app.close(); await sim.close();
