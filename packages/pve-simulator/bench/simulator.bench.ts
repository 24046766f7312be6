// Benchmark: startup and /cluster/resources latency at 32 nodes × 10,000 guests (targets:
// start < 5 s, /cluster/resources < 200 ms on a 2-core machine), with a 3 × 40 baseline
// measured in the same run. Prints figures; it asserts nothing.
import { Agent, request } from 'node:https';
import { cpus, loadavg } from 'node:os';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';

interface Timed {
  ms: number;
  bytes: number;
  status: number;
}

function get(sim: Simulator, agent: Agent, path: string, token: string): Promise<Timed> {
  const url = new URL(`${sim.url}/api2/json${path}`);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        ca: sim.ca.pem,
        agent,
        headers: { authorization: token },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () =>
          resolve({ ms: performance.now() - t0, bytes, status: res.statusCode ?? 0 }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const f = (n: number): string => n.toFixed(1).padStart(8);

async function scenario(
  label: string,
  nodes: number,
  guests: number,
  rounds: number,
): Promise<void> {
  const t0 = performance.now();
  const sim = await startSimulator({ nodes, guests, seed: 1, authDelayMs: 0 });
  const startMs = performance.now() - t0;
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: sim.ca.pem });
  const token = sim.tokens.auditor.header;
  try {
    const cold = await get(sim, agent, '/cluster/resources', token);
    const warm: number[] = [];
    for (let i = 0; i < rounds; i++)
      warm.push((await get(sim, agent, '/cluster/resources', token)).ms);
    // After a mutation the cached body is rebuilt: measure that path too.
    const rebuilt: number[] = [];
    for (let i = 0; i < Math.min(rounds, 10); i++) {
      const vmid = sim.model.guests()[i]?.vmid ?? 100;
      sim.control.setTags(vmid, [`bench${i}`]);
      rebuilt.push((await get(sim, agent, '/cluster/resources', token)).ms);
    }
    const vmOnly = await get(sim, agent, '/cluster/resources?type=vm', token);
    const restricted = await get(sim, agent, '/cluster/resources', sim.tokens.restricted.header);
    const rpsStart = performance.now();
    let n = 0;
    while (performance.now() - rpsStart < 1000) {
      await get(sim, agent, '/version', token);
      n++;
    }
    const rps = n / ((performance.now() - rpsStart) / 1000);
    console.log(`\n${label}: ${nodes} nodes × ${guests} guests`);
    console.log(`  startSimulator()                        ${f(startMs)} ms`);
    console.log(
      `  /cluster/resources cold (first)         ${f(cold.ms)} ms   ${(cold.bytes / 1e6).toFixed(2)} MB, status ${cold.status}`,
    );
    console.log(
      `  /cluster/resources warm p50 / p95       ${f(pct(warm, 50))} / ${pct(warm, 95).toFixed(1)} ms  (${rounds} requests)`,
    );
    console.log(
      `  /cluster/resources after mutation p50   ${f(pct(rebuilt, 50))} ms  (cache rebuilt, ${rebuilt.length} samples, max ${Math.max(...rebuilt).toFixed(1)})`,
    );
    console.log(`  /cluster/resources?type=vm (cold)       ${f(vmOnly.ms)} ms`);
    console.log(`  /cluster/resources restricted (cold)    ${f(restricted.ms)} ms`);
    console.log(`  GET /version sequential, keep-alive     ${f(rps)} req/s`);
  } finally {
    agent.destroy();
    await sim.close();
  }
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(
  `pve-simulator benchmark (node ${process.version}, ${cpus().length} cores, load ${load()})`,
);
await scenario('baseline', 3, 40, 50);
await scenario('target', 32, 10_000, 30);
console.log(`\ntargets: start < 5000 ms, /cluster/resources < 200 ms (load now ${load()})`);
