// Runs the PVE simulator in its own process for the benchmark, so the sd-server's RSS and CPU
// are measured alone. Protocol: one JSON line out on start; then one JSON command per stdin line
// (`counts`, `reset`, `close`) answered with one JSON line.
import { createInterface } from 'node:readline';
import { startSimulator } from '@pvemon/pve-simulator';

const nodes = Number(process.argv[2] ?? 32);
const guests = Number(process.argv[3] ?? 10_000);
const latencyMs = Number(process.argv[4] ?? 20);

const started = Date.now();
const sim = await startSimulator({ nodes, guests, authDelayMs: 0, seed: 7 });
if (latencyMs > 0) sim.control.addLatency({ ms: latencyMs });
const out = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);
out({
  startMs: Date.now() - started,
  endpoints: sim.endpoints.map((e) => e.url),
  caPath: sim.ca.path,
  tokenId: sim.tokens.auditor.id,
  tokenSecret: sim.tokens.auditor.secret,
  running: sim.control.guests().filter((g) => g.status === 'running' && !g.template).length,
});
for await (const line of createInterface({ input: process.stdin })) {
  const cmd = line.trim();
  if (cmd === 'counts') out(sim.control.requestCounts());
  else if (cmd === 'reset') {
    sim.control.resetCounts();
    out({ ok: true });
  } else if (cmd === 'close') {
    await sim.close();
    out({ ok: true });
    process.exit(0);
  }
}
