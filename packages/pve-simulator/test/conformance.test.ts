// Conformance: every emulated exporter's served /metrics has the families, TYPEs and label names
// of the real exporter's recorded output for that version; recorded families we do not emit are
// listed in NOT_EMULATED (with a reason) and families the recordings cannot show are listed as
// documented extras. The served text also passes promtool's parser and lints like the real one.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_EMULATED, startSimulator } from '../src/index.js';
import type { ExporterEndpoint, Simulator } from '../src/index.js';
import { nodeExporterExtraLabels } from '../src/exporters/catalog/node-exporter.extra.js';
import { parseFamilies } from './support/exposition.js';
import type { ParsedFamily } from './support/exposition.js';
import { windowsDocLabels } from './support/windows-docs.js';

const fixture = (f: string): string =>
  readFileSync(new URL(`./fixtures/exporters/${f}`, import.meta.url), 'utf8');

const NE_15 = 'e2e-output.v1.5.0.txt';
const NE_112 = 'e2e-output.v1.12.1.excerpt.txt';
const WIN = 'e2e-output.v0.31.8.txt';
const GPU = 'linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.metrics';
const PVE = 'README-example.v3.10.0.txt';

/** Labels of every Prometheus exporter's `*_build_info` (prometheus/common's version collector). */
const BUILD_INFO_LABELS = ['branch', 'goarch', 'goos', 'goversion', 'revision', 'tags', 'version'];

/** Families whose samples the node_exporter e2e test strips (SOURCES: the sample filter regex). */
const NODE_STRIPPED: Record<string, string[]> = {
  node_exporter_build_info: BUILD_INFO_LABELS,
  node_scrape_collector_duration_seconds: ['collector'],
  node_time_seconds: [],
  node_network_receive_bytes_total: ['device'],
  node_network_transmit_bytes_total: ['device'],
  node_network_receive_packets_total: ['device'],
  node_network_transmit_packets_total: ['device'],
};

/** Where windows_exporter's docs disagree with its v0.31.8 code (the code wins; reference §0.5). */
const WINDOWS_CODE_OVER_DOCS: Record<string, string[]> = {
  windows_cpu_logical_processor: [],
  windows_os_info: [
    'build_number',
    'installation_type',
    'major_version',
    'minor_version',
    'product',
    'revision',
    'version',
  ],
  windows_system_processes_limit: [],
  windows_logical_disk_read_latency_seconds_total: ['volume'],
  windows_logical_disk_write_latency_seconds_total: ['volume'],
  windows_logical_disk_read_write_latency_seconds_total: ['volume'],
  windows_exporter_build_info: BUILD_INFO_LABELS,
  windows_exporter_collector_duration_seconds: ['collector'],
  windows_exporter_scrape_duration_seconds: [],
};

/** pve-exporter: the README example is stale where the v3.10.0 code differs (SOURCES §3). */
const PVE_CODE_OVER_README: Record<string, string[]> = {
  pve_guest_info: ['id', 'name', 'node', 'tags', 'template', 'type'],
  pve_cluster_info: ['id', 'nodes', 'quorate', 'version'],
};

interface Expectation {
  recorded: Map<string, ParsedFamily>;
  /** Label names for families the recording has without samples or not at all. */
  known: Record<string, readonly string[]>;
  notEmulated: readonly { pattern: string; reason: string }[];
}

/** `served`: one or more outputs of the same exporter version (e.g. a guest's and a host's). */
function check(served: string | string[], e: Expectation): void {
  const ours = new Map<string, ParsedFamily>();
  for (const text of [served].flat()) {
    for (const [name, fam] of parseFamilies(text)) {
      const have = ours.get(name);
      if (!have) ours.set(name, fam);
      else {
        for (const l of fam.labels) have.labels.add(l);
        have.samples += fam.samples;
      }
    }
  }
  const problems: string[] = [];
  for (const [name, fam] of ours) {
    const real = e.recorded.get(name);
    const labels = [...fam.labels].sort().join(',');
    if (real && real.type !== fam.type)
      problems.push(`${name}: TYPE ${fam.type}, real ${real.type}`);
    const expected =
      e.known[name] !== undefined
        ? [...e.known[name]].sort().join(',')
        : real && real.samples > 0
          ? [...real.labels].sort().join(',')
          : undefined;
    if (expected === undefined)
      problems.push(`${name}: not in the recording and not a documented extra`);
    else if (fam.samples > 0 && labels !== expected) {
      problems.push(`${name}: labels {${labels}}, real {${expected}}`);
    }
  }
  const patterns = e.notEmulated.map((n) => ({ ...n, re: new RegExp(`^(?:${n.pattern})$`) }));
  for (const name of e.recorded.keys()) {
    if (ours.has(name)) continue;
    if (!patterns.some((p) => p.re.test(name)))
      problems.push(`${name}: recorded, not emitted, not listed in NOT_EMULATED`);
  }
  for (const p of patterns) {
    for (const name of ours.keys()) {
      if (p.re.test(name)) problems.push(`NOT_EMULATED /${p.pattern}/ matches emitted ${name}`);
    }
  }
  expect(problems).toEqual([]);
}

/** Every NOT_EMULATED pattern must match something recorded (no stale entries). */
function checkNoStale(exporter: string, recorded: Map<string, ParsedFamily>[]): void {
  for (const n of NOT_EMULATED[exporter] ?? []) {
    const re = new RegExp(`^(?:${n.pattern})$`);
    const hit = recorded.some((r) => [...r.keys()].some((k) => re.test(k)));
    expect(hit, `${exporter} NOT_EMULATED /${n.pattern}/ matches no recorded family`).toBe(true);
  }
}

async function scrape(ep: ExporterEndpoint, query = ''): Promise<string> {
  const res = await fetch(ep.url + query);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return res.text();
}

function promtoolLint(text: string): string[] {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (r.error)
    throw new Error('promtool not found: run scripts/setup.sh (Debian package prometheus)');
  return `${r.stdout}${r.stderr}`.split('\n').filter(Boolean);
}

describe('exporter conformance', () => {
  let sim9: Simulator;
  let sim8: Simulator;
  beforeAll(async () => {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    const common = {
      nodes: 3,
      guests: 60,
      seed: 1,
      authDelayMs: 0,
      exporters: { ports: 'ephemeral' as const },
    };
    sim9 = await startSimulator({ ...common, pveVersion: '9' });
    sim8 = await startSimulator({ ...common, pveVersion: '8', nodes: 2, guests: 20 });
  });
  afterAll(async () => {
    await sim9?.close();
    await sim8?.close();
  });

  const one = (sim: Simulator, pred: (e: ExporterEndpoint) => boolean): ExporterEndpoint => {
    const ep = sim.exporters.find((e) => e.up && pred(e));
    if (!ep) throw new Error('no such endpoint');
    return ep;
  };
  const guestOfVersion = (sim: Simulator, v: string): ExporterEndpoint =>
    one(sim, (e) => {
      const g = e.vmid === undefined ? undefined : sim.model.guest(e.vmid);
      return (
        e.type === 'node_exporter' && g !== undefined && sim.load.guestNodeExporterVersion(g) === v
      );
    });

  const recorded15 = parseFamilies(fixture(NE_15));
  const recorded112 = parseFamilies(fixture(NE_112));
  const nodeKnown = { ...NODE_STRIPPED, ...nodeExporterExtraLabels };

  it('node_exporter 1.5.0 (Linux guest, PVE 8 host) matches the recorded 1.5.0 output', async () => {
    const exp = {
      recorded: recorded15,
      known: nodeKnown,
      notEmulated: NOT_EMULATED.node_exporter ?? [],
    };
    check(
      [
        await scrape(guestOfVersion(sim9, '1.5.0')),
        await scrape(one(sim8, (e) => e.type === 'host_node_exporter')),
      ],
      exp,
    );
  });

  it('node_exporter 1.12.1 (Linux guest, PVE 9 host) matches the recorded 1.12.1 output', async () => {
    const exp = {
      recorded: recorded112,
      known: nodeKnown,
      notEmulated: NOT_EMULATED.node_exporter ?? [],
    };
    const host = await scrape(one(sim9, (e) => e.type === 'host_node_exporter'));
    check([await scrape(guestOfVersion(sim9, '1.12.1')), host], exp);
    // What a PVE host shows: steal ~0, PSI, zvols and LVM volumes, bridge plumbing, ZFS ARC.
    expect(host).toMatch(/node_cpu_seconds_total\{cpu="0",mode="steal"\} 0\n/);
    expect(host).toMatch(/^node_pressure_cpu_waiting_seconds_total \d/m);
    expect(host).toMatch(/node_disk_reads_completed_total\{device="zd\d+"\}/);
    expect(host).toMatch(
      /node_disk_device_mapper_info\{device="dm-1",lv_layer="",lv_name="root",name="pve-root"/,
    );
    for (const dev of ['vmbr0', 'tap', 'fwbr', 'fwpr', 'fwln', 'veth']) {
      expect(host).toContain(`node_network_receive_bytes_total{device="${dev}`);
    }
    expect(host).toMatch(/^node_zfs_arc_size \d/m);
    expect(host).toMatch(/^node_vmstat_pswpin \d/m);
    expect(host).toMatch(/node_filesystem_avail_bytes\{device="rpool\/data",fstype="zfs"/);
  });

  it('NOT_EMULATED lists no stale node_exporter entries', () => {
    checkNoStale('node_exporter', [recorded15, recorded112]);
  });

  it('windows_exporter v0.31.8 matches the e2e output (TYPEs) and the docs/code (labels)', async () => {
    const recorded = parseFamilies(fixture(WIN));
    const docs = windowsDocLabels(new URL('./fixtures/exporters/windows-docs/', import.meta.url));
    const known: Record<string, readonly string[]> = {};
    for (const [k, v] of docs) known[k] = v;
    Object.assign(known, WINDOWS_CODE_OVER_DOCS);
    const text = await scrape(one(sim9, (e) => e.type === 'windows_exporter'));
    check(text, { recorded, known, notEmulated: NOT_EMULATED.windows_exporter ?? [] });
    checkNoStale('windows_exporter', [recorded]);
    // The removed series stale rule packs still use must not appear (reference §0).
    expect(text).not.toMatch(
      /windows_cs_|windows_os_physical_memory_free_bytes|windows_service_status\{/,
    );
  });

  it('nvidia_gpu_exporter matches the H100 golden, ratios within 0–1', async () => {
    const recorded = parseFamilies(fixture(GPU));
    const text = await scrape(one(sim9, (e) => e.type === 'nvidia_gpu_exporter'));
    check(text, { recorded, known: {}, notEmulated: NOT_EMULATED.nvidia_gpu_exporter ?? [] });
    for (const m of text.matchAll(/^(nvidia_smi_\w+_ratio)\{[^}]*\} (\S+)$/gm)) {
      expect(Number(m[2]), m[1]).toBeGreaterThanOrEqual(0);
      expect(Number(m[2]), m[1]).toBeLessThanOrEqual(1);
    }
    expect(text).toMatch(/nvidia_smi_gpu_info\{.*uuid="[0-9a-f-]{36}"/);
  });

  it('pve-exporter matches the v3.10 families and labels', async () => {
    const recorded = parseFamilies(fixture(PVE));
    const text = await scrape(
      one(sim9, (e) => e.type === 'pve_exporter'),
      '?target=127.1.0.1&cluster=1&node=1',
    );
    check(text, {
      recorded,
      known: PVE_CODE_OVER_README,
      notEmulated: NOT_EMULATED.pve_exporter ?? [],
    });
    checkNoStale('pve_exporter', [recorded]);
  });

  it('promtool parses every emulated output and lints it exactly like the real recordings', async () => {
    const cases: [ExporterEndpoint, string, string][] = [
      [guestOfVersion(sim9, '1.5.0'), NE_15, ''],
      [one(sim9, (e) => e.type === 'host_node_exporter'), NE_112, ''],
      [one(sim9, (e) => e.type === 'windows_exporter'), WIN, ''],
      [one(sim9, (e) => e.type === 'nvidia_gpu_exporter'), GPU, ''],
      [one(sim9, (e) => e.type === 'pve_exporter'), PVE, '?target=127.1.0.1'],
    ];
    for (const [ep, recording, q] of cases) {
      const ours = promtoolLint(await scrape(ep, q));
      const text = fixture(recording).replace(/^\uFEFF/, '');
      const real = new Set(promtoolLint(text));
      const recorded = parseFamilies(text);
      // Naming lints of a recorded family are the real exporter's own (promtool only reports
      // them for families with samples); MemAvailable is absent from the recording only.
      const extra = ours.filter(
        (l) =>
          !real.has(l) &&
          !recorded.has(l.split(' ')[0] ?? '') &&
          !/^node_memory_MemAvailable_bytes /.test(l),
      );
      expect(extra, `${ep.type} lint problems the real exporter does not have`).toEqual([]);
    }
  });
});
