// Benchmark: client requests/s against the simulator next to a raw-undici baseline measured in
// the same run (same endpoint, auth, TLS, concurrency and JSON parsing), and inventory() time
// for 32 nodes × 10,000 guests. Prints figures; asserts nothing.
import { startSimulator, type Simulator } from '@pvemon/pve-simulator';
import { Agent } from 'undici';
import { createProxmoxClient, MemoryGuestCache, type ConfigCacheEntry } from '../src/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = 3; // the client's default per endpoint (pveproxy's 3 workers)
const INVENTORY_RUNS = Number(process.env.BENCH_INVENTORY_RUNS ?? 5);

async function pool(
  count: number,
  concurrency: number,
  task: () => Promise<unknown>,
): Promise<number> {
  let started = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < count) {
        started++;
        await task();
      }
    }),
  );
  return performance.now() - t0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function requestRate(sim: Simulator, path: string, label: string): Promise<void> {
  const token = sim.tokens.auditor;
  const origin = sim.url;
  const agent = new Agent({ connect: { ca: sim.ca.pem }, connections: CONCURRENCY });
  const raw = () =>
    agent
      .request({
        origin,
        path: `/api2/json${path}`,
        method: 'GET',
        headers: { authorization: `PVEAPIToken=${token.id}=${token.secret}` },
      })
      .then(async (res) => {
        const body = (await res.body.json()) as { data: unknown };
        if (res.statusCode !== 200 || body.data === undefined)
          throw new Error(`HTTP ${res.statusCode}`);
      });
  const client = createProxmoxClient({
    endpoints: [origin],
    auth: { type: 'token', tokenId: token.id, secret: token.secret },
    tls: { ca: sim.ca.pem },
  });
  const call = path === '/version' ? () => client.version() : () => client.clusterResources();
  // Warm up both (TLS handshakes, JIT).
  await pool(200, CONCURRENCY, raw);
  await pool(200, CONCURRENCY, call);
  const rawRates: number[] = [];
  const clientRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    rawRates.push(REQUESTS / ((await pool(REQUESTS, CONCURRENCY, raw)) / 1000));
    clientRates.push(REQUESTS / ((await pool(REQUESTS, CONCURRENCY, call)) / 1000));
  }
  const rawRate = median(rawRates);
  const clientRate = median(clientRates);
  console.log(
    `${label.padEnd(34)} raw undici ${rawRate.toFixed(0).padStart(6)} req/s | client ${clientRate
      .toFixed(0)
      .padStart(6)} req/s | client/raw ${(clientRate / rawRate).toFixed(2)}`,
  );
  await client.close();
  await agent.close();
}

async function inventoryTime(): Promise<void> {
  const t0 = performance.now();
  const sim = await startSimulator({ nodes: 32, guests: 10_000, authDelayMs: 0, seed: 3 });
  console.log(
    `simulator 32 nodes × 10,000 guests started in ${(performance.now() - t0).toFixed(0)} ms`,
  );
  try {
    const token = sim.tokens.auditor;
    const client = createProxmoxClient({
      endpoints: sim.endpoints.map((e) => e.url),
      auth: { type: 'token', tokenId: token.id, secret: token.secret },
      tls: { ca: sim.ca.pem },
    });
    const agent = new Agent({ connect: { ca: sim.ca.pem } });
    const rawFetch = async () => {
      const res = await agent.request({
        origin: sim.url,
        path: '/api2/json/cluster/resources',
        method: 'GET',
        headers: { authorization: `PVEAPIToken=${token.id}=${token.secret}` },
      });
      await res.body.json();
    };
    await rawFetch();
    await client.inventory();
    const raw: number[] = [];
    const plain: number[] = [];
    const withStatus: number[] = [];
    let guests = 0;
    for (let i = 0; i < INVENTORY_RUNS; i++) {
      let t = performance.now();
      await rawFetch();
      raw.push(performance.now() - t);
      t = performance.now();
      const inventory = await client.inventory();
      plain.push(performance.now() - t);
      guests = inventory.guests.length;
      t = performance.now();
      await client.inventory({ withNodeAddresses: true });
      withStatus.push(performance.now() - t);
    }
    const rawMs = median(raw);
    console.log(`inventory() ${guests} guests, 32 nodes (median of ${INVENTORY_RUNS}):`);
    console.log(`  raw undici GET /cluster/resources + JSON.parse   ${rawMs.toFixed(1)} ms`);
    console.log(
      `  inventory()                                        ${median(plain).toFixed(1)} ms (x${(median(plain) / rawMs).toFixed(2)} raw)`,
    );
    console.log(
      `  inventory({ withNodeAddresses })                   ${median(withStatus).toFixed(1)} ms`,
    );

    // Steady-state poller with configs for 1,000 guests: first run fetches, later runs hit the cache.
    const cache = new MemoryGuestCache<ConfigCacheEntry>();
    const first1000 = (g: { vmid: number }) => g.vmid < 1100;
    let t = performance.now();
    const cold = await client.inventory({ withConfig: first1000, configCache: cache });
    const coldMs = performance.now() - t;
    t = performance.now();
    const warm = await client.inventory({ withConfig: first1000, configCache: cache });
    const warmMs = performance.now() - t;
    console.log(
      `  withConfig (1,000 guests) cold: ${coldMs.toFixed(0)} ms, ${cold.apiCalls} API calls | cached: ${warmMs.toFixed(0)} ms, ${warm.apiCalls} API call(s)`,
    );
    await client.close();
    await agent.close();
  } finally {
    await sim.close();
  }
}

const sim = await startSimulator({ nodes: 3, guests: 40, authDelayMs: 0 });
try {
  console.log(
    `@pvemon/proxmox-client benchmark — ${REQUESTS} requests × 3 rounds, concurrency ${CONCURRENCY}`,
  );
  await requestRate(sim, '/version', 'GET /version');
  await requestRate(sim, '/cluster/resources', 'GET /cluster/resources (40 guests)');
} finally {
  await sim.close();
}
await inventoryTime();
