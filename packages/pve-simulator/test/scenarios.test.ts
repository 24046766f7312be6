// Scenarios: two simulators with the same seed and clock, one with a scenario switched on. Every
// series that differs must be one the scenario is meant to drive (the alert's input and its
// physical consequences), and the alert's input must cross the alert's threshold.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call } from './helpers.js';
import { parseSamples } from './support/exposition.js';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

async function scrapeAll(sim: Simulator): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const pveTarget = sim.nodes.find((n) => sim.model.node(n.name)?.online)?.ip ?? '';
  for (const ep of sim.exporters) {
    if (!ep.up) continue;
    const q = ep.type === 'pve_exporter' ? `?target=${pveTarget}` : '';
    const res = await fetch(ep.gatewayUrl + q);
    if (res.status !== 200) continue;
    for (const [series, v] of parseSamples(await res.text())) out.set(`${ep.key}|${series}`, v);
  }
  return out;
}

function differing(a: Map<string, number>, b: Map<string, number>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const out: string[] = [];
  for (const k of keys) {
    const x = a.get(k);
    const y = b.get(k);
    if (x === undefined || y === undefined) {
      out.push(k);
      continue;
    }
    if (Math.abs(x - y) > 1e-6 * Math.max(1, Math.abs(x), Math.abs(y)) + 0.011) out.push(k);
  }
  return out.sort();
}

interface Pair {
  a: Simulator;
  b: Simulator;
  setClock: (ms: number) => void;
}

let open: Simulator[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

async function pair(): Promise<Pair> {
  let clock = T0;
  const opts = {
    nodes: 2,
    guests: 20,
    seed: 7,
    authDelayMs: 0,
    now: () => clock,
    exporters: { ports: 'ephemeral' as const },
  };
  const a = await startSimulator(opts);
  const b = await startSimulator(opts);
  open.push(a, b);
  return { a, b, setClock: (ms) => (clock = ms) };
}

/** rate() over [t1, t2] of one series in one scrape pair. */
const rate = (
  s1: Map<string, number>,
  s2: Map<string, number>,
  key: string,
  dt: number,
): number => {
  const x = s1.get(key);
  const y = s2.get(key);
  if (x === undefined || y === undefined) throw new Error(`missing series ${key}`);
  return (y - x) / dt;
};

/** Runs: scenario on at T0+60 s in B only; scrapes at T0+360 s and T0+660 s. */
async function run(spec: string): Promise<{
  p: Pair;
  diff: string[];
  b1: Map<string, number>;
  b2: Map<string, number>;
}> {
  const p = await pair();
  await scrapeAll(p.a);
  await scrapeAll(p.b);
  p.setClock(T0 + 60_000);
  await p.b.control.startScenario(spec);
  p.setClock(T0 + 360_000);
  const b1 = await scrapeAll(p.b);
  p.setClock(T0 + 660_000);
  const a2 = await scrapeAll(p.a);
  const b2 = await scrapeAll(p.b);
  return { p, diff: differing(a2, b2), b1, b2 };
}

function allOnly(diff: string[], allowed: RegExp[]): void {
  const stray = diff.filter((k) => !allowed.some((re) => re.test(k)));
  expect(stray, 'series changed that the scenario must not touch').toEqual([]);
}

/** Guests on the node with the most CPUs: saturating one there does not overcommit the host
 * (on an overcommitted host its neighbours would rightly see steal). */
const roomy = (sim: Simulator) => {
  const node = [...sim.model.nodes].sort((a, b) => b.maxcpu - a.maxcpu)[0]?.name;
  return sim.model.guests().filter((g) => g.node === node);
};
const linuxGuest = (sim: Simulator, type: 'qemu' | 'lxc' = 'qemu') => {
  const g = roomy(sim).find(
    (x) =>
      x.type === type &&
      x.status === 'running' &&
      sim.load.exporterKind(x) === 'node_exporter' &&
      !x.ipv6Only,
  );
  if (!g) throw new Error('no running Linux guest');
  return g;
};
const windowsGuest = (sim: Simulator) => {
  const g = roomy(sim).find(
    (x) => x.status === 'running' && sim.load.exporterKind(x) === 'windows_exporter',
  );
  if (!g) throw new Error('no running Windows guest');
  return g;
};

describe('scenarios drive exactly the series their alerts watch', () => {
  it('cpu-saturation:vm<linux> — in-guest busy > 90 %, pve_cpu_usage_ratio > 0.9, host CPU follows', async () => {
    const p = await pair();
    const g = linuxGuest(p.a);
    await Promise.all(open.map((s) => s.close()));
    open = [];
    const { diff, b1, b2 } = await run(`cpu-saturation:vm${g.vmid}`);
    const gk = `guest/${g.vmid}`;
    const nk = `node/${g.node}`;
    allOnly(diff, [
      new RegExp(
        `^${gk}\\|node_(cpu_seconds_total|context_switches_total|intr_total|vmstat_pgfault|load\\d+|procs_running|pressure_\\w+)`,
      ),
      new RegExp(
        `^${nk}\\|node_(cpu_seconds_total|cpu_guest_seconds_total|context_switches_total|intr_total|load\\d+|procs_running)`,
      ),
      new RegExp(`^pve\\|pve_cpu_usage_ratio\\{id="(qemu/${g.vmid}|node/${g.node})"\\}`),
    ]);
    const idle = rate(b1, b2, `${gk}|node_cpu_seconds_total{cpu="0",mode="idle"}`, 300);
    expect(1 - idle).toBeGreaterThan(0.9);
    expect(b2.get(`pve|pve_cpu_usage_ratio{id="qemu/${g.vmid}"}`)).toBeGreaterThan(0.9);
  });

  it('cpu-saturation on a Windows guest drives windows_cpu_time_total and the host view', async () => {
    const p = await pair();
    const g = windowsGuest(p.a);
    await Promise.all(open.map((s) => s.close()));
    open = [];
    const { diff, b1, b2 } = await run(`cpu-saturation:vm${g.vmid}`);
    const gk = `guest/${g.vmid}`;
    allOnly(diff, [
      new RegExp(
        `^${gk}\\|windows_(cpu_\\w+|process_cpu_time_total|process_page_faults_total|memory_(page_faults|cache_faults|demand_zero_faults|transition_faults)_total|system_(context_switches|system_calls)_total|system_processor_queue_length)`,
      ),
      new RegExp(
        `^node/${g.node}\\|node_(cpu_seconds_total|cpu_guest_seconds_total|context_switches_total|intr_total|load\\d+|procs_running)`,
      ),
      new RegExp(`^pve\\|pve_cpu_usage_ratio\\{id="(qemu/${g.vmid}|node/${g.node})"\\}`),
    ]);
    const idle = rate(b1, b2, `${gk}|windows_cpu_time_total{core="0,0",mode="idle"}`, 300);
    expect(1 - idle).toBeGreaterThan(0.9);
  });

  it('steal:vm — steal > 5 % inside the guest only; steal:node — every guest on it plus host PSI', async () => {
    const p = await pair();
    const g = linuxGuest(p.a);
    await Promise.all(open.map((s) => s.close()));
    open = [];
    const r = await run(`steal:vm${g.vmid}`);
    const gk = `guest/${g.vmid}`;
    allOnly(r.diff, [
      new RegExp(
        `^${gk}\\|node_(cpu_seconds_total|context_switches_total|intr_total|vmstat_pgfault|load\\d+|procs_running|pressure_cpu_waiting_seconds_total)`,
      ),
      new RegExp(
        `^node/${g.node}\\|node_(cpu_seconds_total|cpu_guest_seconds_total|context_switches_total|intr_total|load\\d+|procs_running)`,
      ),
      new RegExp(`^pve\\|pve_cpu_usage_ratio\\{id="(qemu/${g.vmid}|node/${g.node})"\\}`),
    ]);
    expect(
      rate(r.b1, r.b2, `${gk}|node_cpu_seconds_total{cpu="0",mode="steal"}`, 300),
    ).toBeGreaterThan(0.05);
    await Promise.all(open.map((s) => s.close()));
    open = [];
    const n = await run(`steal:${g.node}`);
    expect(
      rate(n.b1, n.b2, `node/${g.node}|node_pressure_cpu_waiting_seconds_total`, 300),
    ).toBeGreaterThan(0.2);
    expect(
      rate(n.b1, n.b2, `${gk}|node_cpu_seconds_total{cpu="0",mode="steal"}`, 300),
    ).toBeGreaterThan(0.05);
    // The host itself never shows steal.
    expect(
      rate(n.b1, n.b2, `node/${g.node}|node_cpu_seconds_total{cpu="0",mode="steal"}`, 300),
    ).toBe(0);
  });

  it('disk-latency:vm — > 50 ms per read and write with > 1 op/s on its disk', async () => {
    const p = await pair();
    const g = linuxGuest(p.a);
    await Promise.all(open.map((s) => s.close()));
    open = [];
    const { diff, b1, b2 } = await run(`disk-latency:vm${g.vmid}`);
    const gk = `guest/${g.vmid}`;
    allOnly(diff, [
      new RegExp(
        `^${gk}\\|node_(disk_\\w+\\{device="sda"\\}|cpu_seconds_total|vmstat_pgpg(in|out)|pressure_io_\\w+|load\\d+|procs_running|context_switches_total|intr_total|vmstat_pgfault)`,
      ),
      new RegExp(
        `^node/${g.node}\\|node_(disk_\\w+|cpu_seconds_total|cpu_guest_seconds_total|vmstat_pgpg(in|out)|zfs_arc_(hits|misses)|load\\d+|procs_running|context_switches_total|intr_total)`,
      ),
      new RegExp(
        `^pve\\|pve_(cpu_usage_ratio|disk_(read|written|write)_bytes(_total)?)\\{id="(qemu/${g.vmid}|node/${g.node})"\\}`,
      ),
    ]);
    const dev = '{device="sda"}';
    const reads = rate(b1, b2, `${gk}|node_disk_reads_completed_total${dev}`, 300);
    const writes = rate(b1, b2, `${gk}|node_disk_writes_completed_total${dev}`, 300);
    expect(reads).toBeGreaterThan(1);
    expect(writes).toBeGreaterThan(1);
    expect(
      rate(b1, b2, `${gk}|node_disk_read_time_seconds_total${dev}`, 300) / reads,
    ).toBeGreaterThan(0.05);
    expect(
      rate(b1, b2, `${gk}|node_disk_write_time_seconds_total${dev}`, 300) / writes,
    ).toBeGreaterThan(0.05);
  });

  it('swapping:vm — pswpin/pswpout > 0 with swap configured; swapping:node on the host', async () => {
    const p = await pair();
    const g = linuxGuest(p.a);
    await Promise.all(open.map((s) => s.close()));
    open = [];
    const r = await run(`swapping:vm${g.vmid}`);
    const gk = `guest/${g.vmid}`;
    allOnly(r.diff, [
      new RegExp(`^${gk}\\|node_(vmstat_\\w+|memory_\\w+|pressure_memory_\\w+)`),
      new RegExp(`^node/${g.node}\\|node_(memory_\\w+|zfs_arc_memory_available_bytes)`),
      new RegExp(`^pve\\|pve_memory_usage_bytes\\{id="(qemu/${g.vmid}|node/${g.node})"\\}`),
    ]);
    expect(rate(r.b1, r.b2, `${gk}|node_vmstat_pswpin`, 300)).toBeGreaterThan(0);
    expect(rate(r.b1, r.b2, `${gk}|node_vmstat_pswpout`, 300)).toBeGreaterThan(0);
    expect(r.b2.get(`${gk}|node_memory_SwapTotal_bytes`)).toBeGreaterThan(0);
    await Promise.all(open.map((s) => s.close()));
    open = [];
    const n = await run(`swapping:${g.node}`);
    expect(rate(n.b1, n.b2, `node/${g.node}|node_vmstat_pswpout`, 300)).toBeGreaterThan(0);
    expect(n.b2.get(`node/${g.node}|node_memory_SwapTotal_bytes`)).toBeGreaterThan(0);
  });

  it('packet-drops:vm — > 1 drop/s on the guest NIC; packet-drops:node on the host uplink', async () => {
    const p = await pair();
    const g = linuxGuest(p.a);
    await Promise.all(open.map((s) => s.close()));
    open = [];
    const r = await run(`packet-drops:vm${g.vmid}`);
    const gk = `guest/${g.vmid}`;
    allOnly(r.diff, [
      new RegExp(`^${gk}\\|node_network_(receive|transmit)_drop_total\\{device="ens18"\\}`),
    ]);
    expect(
      rate(r.b1, r.b2, `${gk}|node_network_receive_drop_total{device="ens18"}`, 300) +
        rate(r.b1, r.b2, `${gk}|node_network_transmit_drop_total{device="ens18"}`, 300),
    ).toBeGreaterThan(1);
    await Promise.all(open.map((s) => s.close()));
    open = [];
    const n = await run(`packet-drops:${g.node}`);
    allOnly(n.diff, [
      new RegExp(`^node/${g.node}\\|node_network_(receive|transmit)_drop_total\\{device="eno1"\\}`),
    ]);
    expect(
      rate(n.b1, n.b2, `node/${g.node}|node_network_receive_drop_total{device="eno1"}`, 300),
    ).toBeGreaterThan(1);
  });

  it('gpu-saturation:node — nvidia_smi_utilization_gpu_ratio > 0.95 on that GPU only', async () => {
    const p = await pair();
    const gpuNode = [...p.a.load.gpuNodes()][0];
    expect(gpuNode).toBeDefined();
    await Promise.all(open.map((s) => s.close()));
    open = [];
    const r = await run(`gpu-saturation:${gpuNode}`);
    allOnly(r.diff, [
      new RegExp(
        `^gpu/${gpuNode}\\|nvidia_smi_(utilization_(gpu|memory)_ratio|power_draw\\w*_watts|temperature_gpu|clocks_current_(sm|graphics)_clock_hz)\\{`,
      ),
    ]);
    const util = [...r.b2].find(([k]) =>
      k.startsWith(`gpu/${gpuNode}|nvidia_smi_utilization_gpu_ratio{`),
    );
    expect(util?.[1]).toBeGreaterThan(0.95);
  });

  it('exporter-down:vm refuses connections on the guest address; clearing brings it back', async () => {
    const p = await pair();
    const g = linuxGuest(p.b);
    const ep = p.b.exporters.find((e) => e.key === `guest/${g.vmid}`);
    expect(ep?.up).toBe(true);
    await p.b.control.startScenario(`exporter-down:vm${g.vmid}`);
    await expect(fetch(ep?.url ?? '')).rejects.toThrow();
    expect(p.b.exporters.find((e) => e.key === `guest/${g.vmid}`)?.up).toBe(false);
    expect(await p.b.control.stopScenario(`exporter-down:vm${g.vmid}`)).toBe(true);
    expect((await fetch(ep?.url ?? '')).status).toBe(200);
  });

  it('node-down: pve_up{id="node/…"} = 0, its node_exporter and guests refuse, pve_up of its guests 0', async () => {
    const p = await pair();
    const node = p.b.nodes[1]?.name ?? '';
    const hostEp = p.b.exporters.find((e) => e.key === `node/${node}`);
    await p.b.control.startScenario(`node-down:${node}`);
    await expect(fetch(hostEp?.url ?? '')).rejects.toThrow();
    const pve = p.b.exporters.find((e) => e.type === 'pve_exporter');
    const text = await (await fetch(`${pve?.url ?? ''}?target=${p.b.nodes[0]?.ip ?? ''}`)).text();
    expect(text).toContain(`pve_up{id="node/${node}"} 0`);
    const onNode = p.b.model.guests().filter((g) => g.node === node && g.status === 'running');
    for (const g of onNode) {
      expect(text).toContain(`pve_up{id="${g.type}/${g.vmid}"} 0`);
      expect(p.b.exporters.find((e) => e.key === `guest/${g.vmid}`)?.up ?? false).toBe(false);
    }
    await p.b.control.clearScenarios();
    expect((await fetch(hostEp?.url ?? '')).status).toBe(200);
  });

  it('guest-stopped: pve_up 0 and exporter gone; on restart counters start from 0 again', async () => {
    const p = await pair();
    const g = linuxGuest(p.b);
    const key = `guest/${g.vmid}|node_cpu_seconds_total{cpu="0",mode="user"}`;
    const before = (await scrapeAll(p.b)).get(key) ?? 0;
    expect(before).toBeGreaterThan(0);
    p.setClock(T0 + 30_000);
    await p.b.control.startScenario(`guest-stopped:vm${g.vmid}`);
    const during = await scrapeAll(p.b);
    expect(during.has(key)).toBe(false);
    expect(during.get(`pve|pve_up{id="qemu/${g.vmid}"}`)).toBe(0);
    p.setClock(T0 + 60_000);
    await p.b.control.stopScenario(`guest-stopped:vm${g.vmid}`);
    p.setClock(T0 + 120_000);
    const after = (await scrapeAll(p.b)).get(key) ?? Infinity;
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThanOrEqual(60);
  });

  it('guest-migrated: the guest moves to another node in pve_guest_info and on the hosts', async () => {
    const p = await pair();
    const g = linuxGuest(p.b);
    const from = g.node;
    const s = await p.b.control.startScenario(`guest-migrated:vm${g.vmid}`);
    expect(s.from).toBe(from);
    const to = p.b.model.guest(g.vmid)?.node;
    expect(to).not.toBe(from);
    const snap = await scrapeAll(p.b);
    const info = [...snap.keys()].find((k) =>
      k.startsWith(`pve|pve_guest_info{id="qemu/${g.vmid}"`),
    );
    expect(info).toContain(`node="${to}"`);
    expect(
      [...snap.keys()].some((k) =>
        k.startsWith(`node/${to}|node_network_receive_bytes_total{device="tap${g.vmid}i0"}`),
      ),
    ).toBe(true);
    expect(
      [...snap.keys()].some((k) =>
        k.startsWith(`node/${from}|node_network_receive_bytes_total{device="tap${g.vmid}i0"}`),
      ),
    ).toBe(false);
    await p.b.control.stopScenario(s.id);
    expect(p.b.model.guest(g.vmid)?.node).toBe(from);
  });

  it('rejects bad scenario specs with a message naming the problem', async () => {
    const p = await pair();
    await expect(p.b.control.startScenario('meltdown:vm100')).rejects.toThrow(
      /unknown scenario "meltdown"/,
    );
    await expect(p.b.control.startScenario('cpu-saturation')).rejects.toThrow(/needs a scope/);
    await expect(p.b.control.startScenario('node-down:vm100')).rejects.toThrow(
      /cannot be scoped to a guest/,
    );
    await expect(p.b.control.startScenario('steal:pve99')).rejects.toThrow(/no node named "pve99"/);
  });
});

describe('scenario control over HTTP (/_sim/scenarios)', () => {
  it('switches on, lists, switches off, and rejects bad bodies naming the field', async () => {
    const p = await pair();
    const on = await call(p.b, '/_sim/scenarios', {
      method: 'POST',
      body: { scenario: 'packet-drops:vm100' },
    });
    expect(on.status).toBe(200);
    expect(on.json()).toMatchObject({ id: 'packet-drops:vm100', name: 'packet-drops' });
    expect((await call(p.b, '/_sim/scenarios')).json()).toMatchObject([
      { id: 'packet-drops:vm100' },
    ]);
    expect(p.b.load.scenarios.onGuestOnly('packet-drops', 100)).toBe(true);
    const exporters = (await call(p.b, '/_sim/exporters')).json() as unknown as unknown[];
    expect(exporters.length).toBe(p.b.exporters.length);
    const off = await call(p.b, `/_sim/scenarios/${encodeURIComponent('packet-drops:vm100')}`, {
      method: 'DELETE',
    });
    expect(off.json()).toEqual({ removed: true });
    expect(p.b.control.scenarios()).toEqual([]);
    const bad = await call(p.b, '/_sim/scenarios', { method: 'POST', body: { scenery: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatch(/scenario: field "(scenario|\(body\))"/);
    const unknown = await call(p.b, '/_sim/scenarios', {
      method: 'POST',
      body: { scenario: 'steal:vm99999' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json().error).toMatch(/no guest with vmid 99999/);
  });
});
