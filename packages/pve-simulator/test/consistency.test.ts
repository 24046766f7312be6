// Consistency of the load model across views: host view (pve-exporter, /cluster/resources) and
// in-guest view agree; a node's CPU is its guests' plus overhead; counters never go down except
// when a guest restarts; gauges stay within physical bounds; everything is deterministic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { data, startTestSim } from './helpers.js';
import { parseFamilies, parseSamples } from './support/exposition.js';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
let clock = T0;
let sim: Simulator;

beforeAll(async () => {
  sim = await startTestSim({
    nodes: 3,
    guests: 40,
    seed: 3,
    now: () => clock,
    exporters: { ports: 'ephemeral' },
  });
});
afterAll(async () => sim?.close());

async function text(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.text();
}

const pveUrl = (): string =>
  `${sim.exporters.find((e) => e.type === 'pve_exporter')?.url ?? ''}?target=${sim.nodes[0]?.ip ?? ''}`;

/** In-guest busy fraction of all vCPUs between two node_exporter/windows_exporter scrapes. */
function inGuestBusy(a: string, b: string, dt: number): number {
  const s1 = parseSamples(a);
  const s2 = parseSamples(b);
  let idle = 0;
  let cpus = 0;
  for (const [k, v] of s2) {
    const m = /^(node_cpu_seconds_total|windows_cpu_time_total)\{.*mode="(\w+)"/.exec(k);
    if (!m) continue;
    if (m[2] === 'idle' || m[2] === 'iowait' || m[2] === 'steal') idle += v - (s1.get(k) ?? 0);
    if (m[2] === 'idle') cpus++;
  }
  return 1 - idle / dt / cpus;
}

describe('load model consistency', () => {
  it('a guest CPU seen from the host (pve-exporter, /cluster/resources) matches the in-guest view', async () => {
    clock = T0 + 100_000; // an epoch boundary: the host view is the average of the last 10 s
    const before = new Map<number, string>();
    const guests = sim.exporters.filter((e) => e.vmid !== undefined && e.up);
    clock -= 10_000;
    for (const e of guests) before.set(e.vmid ?? 0, await text(e.gatewayUrl));
    clock += 10_000;
    const pve = parseSamples(await text(pveUrl()));
    const resources = await data<{ id: string; cpu?: number }[]>(sim, '/cluster/resources?type=vm');
    expect(guests.length).toBeGreaterThan(10);
    for (const e of guests) {
      const vmid = e.vmid ?? 0;
      const g = sim.model.guest(vmid);
      const id = `${g?.type ?? ''}/${vmid}`;
      const host = pve.get(`pve_cpu_usage_ratio{id="${id}"}`) ?? NaN;
      const inside = inGuestBusy(before.get(vmid) ?? '', await text(e.gatewayUrl), 10);
      expect(Math.abs(host - inside), `${id}: host ${host} vs in-guest ${inside}`).toBeLessThan(
        0.01,
      );
      expect(resources.find((r) => r.id === id)?.cpu).toBeCloseTo(host, 10);
    }
  });

  it("a node's CPU is the sum of its guests' plus the host overhead", async () => {
    const pve = parseSamples(await text(pveUrl()));
    for (const n of sim.model.nodes) {
      const running = sim.model.guests().filter((g) => g.node === n.name && g.status === 'running');
      let guestCores = 0;
      for (const g of running) {
        guestCores +=
          (pve.get(`pve_cpu_usage_ratio{id="${g.type}/${g.vmid}"}`) ?? NaN) *
          (pve.get(`pve_cpu_usage_limit{id="${g.type}/${g.vmid}"}`) ?? NaN);
      }
      const overhead = 0.3 + 0.02 * running.length;
      const nodeCores = (pve.get(`pve_cpu_usage_ratio{id="node/${n.name}"}`) ?? NaN) * n.maxcpu;
      expect(nodeCores).toBeCloseTo(guestCores + overhead, 6);
    }
  });

  it('counters never decrease (across scenarios and a migration) and gauges stay in bounds', async () => {
    const urls = (): [string, string][] =>
      sim.exporters
        .filter((e) => e.up)
        .map((e) => [e.key, e.type === 'pve_exporter' ? pveUrl() : e.gatewayUrl]);
    const counters = (body: string): Map<string, number> => {
      const fams = parseFamilies(body);
      const out = new Map<string, number>();
      for (const [k, v] of parseSamples(body)) {
        const name = k.replace(/\{.*$/, '');
        const type = fams.get(name)?.type;
        if (type === 'counter' || /^node_vmstat_/.test(name)) out.set(k, v);
      }
      return out;
    };
    let last = new Map<string, number>();
    const mover = sim.model.guests().find((g) => g.status === 'running' && g.type === 'qemu');
    const steps = 8;
    for (let i = 0; i < steps; i++) {
      clock += 15_000;
      if (i === 2) await sim.control.startScenario('cpu-saturation:vm100');
      if (i === 3) await sim.control.startScenario(`steal:${sim.nodes[0]?.name ?? ''}`);
      if (i === 4 && mover) await sim.control.startScenario(`guest-migrated:vm${mover.vmid}`);
      if (i === 5) await sim.control.startScenario('disk-latency:vm100');
      if (i === 6) await sim.control.clearScenarios();
      const now = new Map<string, number>();
      for (const [key, url] of urls()) {
        const body = await text(url);
        for (const [k, v] of counters(body)) now.set(`${key}|${k}`, v);
        for (const [k, v] of parseSamples(body)) {
          if (/_ratio(\{|$)/.test(k)) {
            expect(v, k).toBeGreaterThanOrEqual(0);
            expect(v, k).toBeLessThanOrEqual(1);
          }
          if (/^node_cpu_seconds_total/.test(k)) expect(v, k).toBeGreaterThanOrEqual(0);
        }
        const s = parseSamples(body);
        const avail = s.get('node_memory_MemAvailable_bytes');
        const total = s.get('node_memory_MemTotal_bytes');
        if (avail !== undefined && total !== undefined) {
          expect(avail).toBeGreaterThanOrEqual(0);
          expect(avail).toBeLessThanOrEqual(total);
        }
      }
      for (const [k, v] of now) {
        const prev = last.get(k);
        if (prev !== undefined) expect(v, `${k} went down`).toBeGreaterThanOrEqual(prev);
      }
      last = now;
    }
  });

  it('the same seed and clock give byte-identical exporter output', async () => {
    const fresh = () =>
      startTestSim({
        nodes: 3,
        guests: 40,
        seed: 3,
        now: () => clock,
        exporters: { ports: 'ephemeral' },
      });
    const one = await fresh();
    const other = await fresh();
    try {
      for (const key of ['guest/100', 'guest/102', 'node/pve1', 'pve']) {
        const a = one.exporters.find((e) => e.key === key);
        const b = other.exporters.find((e) => e.key === key);
        const q = key === 'pve' ? `?target=${sim.nodes[0]?.ip ?? ''}` : '';
        if (!a?.up || !b?.up) continue;
        expect(await text(b.gatewayUrl + q)).toBe(await text(a.gatewayUrl + q));
      }
    } finally {
      await one.close();
      await other.close();
    }
  });
});
