// The load model: every exporter and the PVE API read guest and node activity from here, so the
// host view (pve-exporter, /cluster/resources) and the in-guest view agree, a node's CPU is the
// sum of its guests plus overhead, counters only go up (and restart from 0 when a guest
// restarts), and gauges stay within physical bounds. Values are a pure function of the seed,
// the model, the active scenarios and the time.
import { mix3 } from '../model/rng.js';
import type { ClusterModel } from '../model/cluster.js';
import type { GuestModel, NodeModel } from '../model/types.js';
import { profileOf } from './personality.js';
import type { LoadProfile } from './personality.js';
import type { ScenarioState } from './scenarios.js';
import { FLAT, Segment, waveAt } from './wave.js';
import type { Term, Wave } from './wave.js';

/** Guest counter slots. CPU slots are seconds per vCPU (every vCPU runs the same mix). */
export const G = {
  user: 0,
  nice: 1,
  system: 2,
  idle: 3,
  iowait: 4,
  irq: 5,
  softirq: 6,
  steal: 7,
  reads: 8,
  writes: 9,
  readBytes: 10,
  writeBytes: 11,
  readTime: 12,
  writeTime: 13,
  ioTime: 14,
  ioWeighted: 15,
  rxBytes: 16,
  txBytes: 17,
  rxPackets: 18,
  txPackets: 19,
  rxDrop: 20,
  txDrop: 21,
  pswpin: 22,
  pswpout: 23,
  pgfault: 24,
  pgmajfault: 25,
  ctxt: 26,
  intr: 27,
  forks: 28,
  /** vCPU-seconds busy in total (what the host accounts to the guest's QEMU/LXC process). */
  busy: 29,
} as const;
const G_SLOTS = 30;

/** Node counter slots. CPU slots are seconds per host CPU. */
export const N = {
  user: 0,
  nice: 1,
  system: 2,
  idle: 3,
  iowait: 4,
  irq: 5,
  softirq: 6,
  steal: 7,
  guestUser: 8,
  psiCpu: 9,
  psiIoWait: 10,
  psiIoStall: 11,
  psiMemWait: 12,
  psiMemStall: 13,
  psiIrq: 14,
  reads: 15,
  writes: 16,
  readBytes: 17,
  writeBytes: 18,
  readTime: 19,
  writeTime: 20,
  ioTime: 21,
  ioWeighted: 22,
  rxBytes: 23,
  txBytes: 24,
  rxPackets: 25,
  txPackets: 26,
  rxDrop: 27,
  txDrop: 28,
  pswpin: 29,
  pswpout: 30,
  pgfault: 31,
  pgmajfault: 32,
  ctxt: 33,
  intr: 34,
  forks: 35,
  busy: 36,
  arcHits: 37,
  arcMisses: 38,
} as const;
const N_SLOTS = 39;

export type ExporterKind = 'node_exporter' | 'windows_exporter' | 'none';

export interface GuestGauges {
  memTotal: number;
  memUsed: number;
  swapTotal: number;
  swapFree: number;
  /** vGPU engine share (0–1); 0 without a vGPU. */
  vgpu: number;
  /** Filesystem used fraction of the root disk. */
  diskUsed: number;
}

export interface NodeGauges {
  memUsed: number;
  swapTotal: number;
  swapFree: number;
  arcSize: number;
  arcMax: number;
  /** Physical GPU utilisation (0–1) on GPU nodes. */
  gpu: number;
  load1: number;
}

const IO_SLOTS_G = [
  G.reads,
  G.writes,
  G.readTime,
  G.writeTime,
  G.readBytes,
  G.writeBytes,
  G.ioWeighted,
  G.rxBytes,
  G.txBytes,
  G.rxPackets,
  G.txPackets,
];
const IO_SLOTS_N = [
  N.reads,
  N.writes,
  N.readBytes,
  N.writeBytes,
  N.rxBytes,
  N.txBytes,
  N.rxPackets,
  N.txPackets,
  N.arcHits,
  N.arcMisses,
];

const BYTES_PER_PACKET = 900;
const KIB = 1024;
const GIB = 2 ** 30;

interface Cached {
  key: string;
  seg: Segment;
  prev: Segment | undefined;
}

/** The segment of a cached entry that covers t: the previous one for times before the change. */
const segmentAt = (c: Cached, t: number): Segment => (t < c.seg.t0 && c.prev ? c.prev : c.seg);

const unit = (a: number, b: number, c: number): number => mix3(a, b, c) / 4294967296;

export class LoadModel {
  private readonly profiles = new Map<number, LoadProfile>();
  private readonly guestSegs = new Map<number, Cached>();
  private readonly nodeSegs = new Map<string, Cached>();
  private readonly scales = new Map<string, { key: string; scale: number }>();
  private seenVersion = -1;
  private versionChangedAt = 0;

  constructor(
    readonly model: ClusterModel,
    readonly seed: number,
    readonly scenarios: ScenarioState,
    private readonly nowMs: () => number,
    /** `everyGuestHasExporter`: the demo profile installs an exporter in every Linux guest. */
    private readonly traits: { everyGuestHasExporter?: boolean } = {},
  ) {}

  profile(g: GuestModel): LoadProfile {
    let p = this.profiles.get(g.vmid);
    if (!p) {
      p = profileOf(this.seed, g);
      this.profiles.set(g.vmid, p);
    }
    return p;
  }

  exporterKind(g: GuestModel): ExporterKind {
    if (g.template) return 'none';
    if (g.ostype.startsWith('win')) return 'windows_exporter';
    if (g.ostype === 'other') return 'none';
    // A few guests have no exporter installed (never the showcase guests 100–115).
    if (!this.traits.everyGuestHasExporter && g.vmid > 115 && unit(this.seed, g.vmid, 0xe0) < 0.06)
      return 'none';
    return 'node_exporter';
  }

  /** node_exporter flavour inside a Linux guest: most run Debian 12's 1.5.0, some 1.12.1. */
  guestNodeExporterVersion(g: GuestModel): '1.5.0' | '1.12.1' {
    return unit(this.seed, g.vmid, 0xe1) < 0.3 ? '1.12.1' : '1.5.0';
  }

  /** Whether the guest's exporter accepts connections right now. */
  guestExporterUp(g: GuestModel): boolean {
    const node = this.model.node(g.node);
    return (
      this.exporterKind(g) !== 'none' &&
      g.status === 'running' &&
      node !== undefined &&
      node.online &&
      !this.scenarios.onGuestOnly('exporter-down', g.vmid)
    );
  }

  nodeExporterUp(n: NodeModel): boolean {
    return n.online && !this.scenarios.onNode('exporter-down', n.name);
  }

  /** GPU nodes: nodes that host a guest with a PCI/mdev passthrough (like the sd-server). */
  gpuNodes(): Set<string> {
    const out = new Set<string>();
    for (const g of this.model.guests()) if (g.type === 'qemu' && g.hostpci0) out.add(g.node);
    return out;
  }

  hasVgpu(g: GuestModel): boolean {
    return g.type === 'qemu' && (g.hostpci0?.includes('mdev=') ?? false);
  }

  // --- change tracking -------------------------------------------------------------------

  private changeTime(): number {
    if (this.model.version !== this.seenVersion) {
      this.seenVersion = this.model.version;
      this.versionChangedAt = this.nowMs() / 1000;
    }
    return Math.max(this.versionChangedAt, this.scenarios.changedAt);
  }

  private stateKey(): string {
    this.changeTime();
    return `${this.model.version}/${this.scenarios.version}`;
  }

  // --- guests ----------------------------------------------------------------------------

  /** Host CPU share left for guests on a node (< 1 when the node is overcommitted). */
  nodeScale(node: string): number {
    const key = this.stateKey();
    const c = this.scales.get(node);
    if (c?.key === key) return c.scale;
    const n = this.model.node(node);
    let demand = 0;
    let running = 0;
    for (const g of this.model.guests()) {
      if (g.node !== node || g.status !== 'running') continue;
      running++;
      const p = this.profile(g);
      const sat = this.scenarios.onGuest('cpu-saturation', g.vmid, g.node);
      demand += this.vcpus(g, n) * (sat ? 0.99 : p.cpu * (1 + p.waveAmplitude));
    }
    const capacity = (n?.maxcpu ?? 64) * 0.92 - this.overhead(running);
    const scale = demand > capacity && demand > 0 ? Math.max(0.05, capacity / demand) : 1;
    this.scales.set(node, { key, scale });
    return scale;
  }

  private overhead(runningGuests: number): number {
    return 0.3 + 0.02 * runningGuests;
  }

  vcpus(g: GuestModel, n: NodeModel | undefined = this.model.node(g.node)): number {
    const host = n?.maxcpu ?? 64;
    return Math.min(g.type === 'qemu' ? g.cores * g.sockets : g.cores, host);
  }

  private guestWave(g: GuestModel, p: LoadProfile, saturated: boolean): Wave {
    if (saturated) return { k: 0.02, omega: (2 * Math.PI) / 120, phase: p.wavePhase };
    return { k: p.waveAmplitude, omega: (2 * Math.PI) / p.wavePeriod, phase: p.wavePhase };
  }

  /** Busy fraction per vCPU before the wave, and the constant parts of the CPU mix. */
  private guestCpuMix(g: GuestModel): { u: number; iowait: number; steal: number; wave: Wave } {
    const p = this.profile(g);
    const sc = this.scenarios;
    const sat = sc.onGuest('cpu-saturation', g.vmid, g.node);
    const scale = this.nodeScale(g.node);
    const wave = this.guestWave(g, p, sat);
    let u = sat ? 0.97 : p.cpu * scale;
    let steal = 0.001 + (sat ? 0 : p.cpu * (1 - scale));
    if (sc.onGuest('steal', g.vmid, g.node)) steal = Math.max(steal, 0.15);
    const iowait = 0.002 + (sc.onGuest('disk-latency', g.vmid, g.node) ? 0.06 : 0);
    u = Math.min(u, (1 - iowait - steal) / (1 + wave.k));
    return { u, iowait, steal, wave };
  }

  private buildGuestSegment(g: GuestModel, t0: number, base: Float64Array): Segment {
    const p = this.profile(g);
    const sc = this.scenarios;
    const { u, iowait, steal, wave } = this.guestCpuMix(g);
    const ncpu = this.vcpus(g);
    const c = new Float64Array(G_SLOTS);
    const r = new Float64Array(G_SLOTS);
    r[G.user] = 0.72 * u;
    r[G.nice] = 0.02 * u;
    r[G.system] = 0.2 * u;
    r[G.irq] = 0.01 * u;
    r[G.softirq] = 0.05 * u;
    r[G.idle] = -u;
    c[G.idle] = 1 - iowait - steal;
    c[G.iowait] = iowait;
    c[G.steal] = steal;
    r[G.busy] = u * ncpu;
    const slow = sc.onGuest('disk-latency', g.vmid, g.node);
    if (slow) {
      // Constant (not waved) so the alert's "more than 1 op/s" guard always holds.
      c[G.reads] = Math.max(30, p.readIops);
      c[G.writes] = Math.max(25, p.writeIops);
      c[G.readTime] = (c[G.reads] ?? 0) * 0.12;
      c[G.writeTime] = (c[G.writes] ?? 0) * 0.15;
      c[G.readBytes] = (c[G.reads] ?? 0) * 16 * KIB;
      c[G.writeBytes] = (c[G.writes] ?? 0) * 32 * KIB;
      c[G.ioTime] = 0.97;
    } else {
      r[G.reads] = p.readIops;
      r[G.writes] = p.writeIops;
      r[G.readTime] = p.readIops * p.readLatency;
      r[G.writeTime] = p.writeIops * p.writeLatency;
      r[G.readBytes] = p.readIops * 16 * KIB;
      r[G.writeBytes] = p.writeIops * 32 * KIB;
      c[G.ioTime] = Math.min(0.5, p.readIops * p.readLatency + p.writeIops * p.writeLatency);
    }
    c[G.ioWeighted] = (c[G.readTime] ?? 0) + (c[G.writeTime] ?? 0);
    r[G.ioWeighted] = (r[G.readTime] ?? 0) + (r[G.writeTime] ?? 0);
    r[G.rxBytes] = p.rxBytes;
    r[G.txBytes] = p.txBytes;
    r[G.rxPackets] = p.rxBytes / BYTES_PER_PACKET;
    r[G.txPackets] = p.txBytes / BYTES_PER_PACKET;
    if (sc.onGuestOnly('packet-drops', g.vmid)) {
      c[G.rxDrop] = 40;
      c[G.txDrop] = 2;
    }
    const swapping = sc.onGuestOnly('swapping', g.vmid);
    c[G.pswpin] = swapping ? 180 : 0;
    c[G.pswpout] = swapping ? 260 : 0;
    c[G.pgfault] = 40;
    r[G.pgfault] = 400 * u * ncpu;
    c[G.pgmajfault] = swapping ? 180 : 0.05;
    c[G.ctxt] = 150 * ncpu;
    r[G.ctxt] = 4000 * u * ncpu;
    c[G.intr] = 100 * ncpu;
    r[G.intr] = 2500 * u * ncpu;
    c[G.forks] = 0.3;
    // Disk and network follow the personality's own wave even while the CPU is pinned, so a
    // CPU scenario changes CPU-driven series only.
    const io = new Float64Array(G_SLOTS);
    for (const slot of IO_SLOTS_G) {
      io[slot] = r[slot] ?? 0;
      r[slot] = 0;
    }
    return new Segment(t0, base, c, [
      { wave, r },
      { wave: this.guestWave(g, p, false), r: io },
    ]);
  }

  private guestSegment(g: GuestModel, t: number): Segment {
    const key = `${this.stateKey()}|${g.startedAt}|${g.status}|${g.node}`;
    const cached = this.guestSegs.get(g.vmid);
    if (cached?.key === key) return segmentAt(cached, t);
    // (Re)started guest: counters begin at 0 at its start, like a freshly booted kernel.
    return this.rebuildSegment(this.guestSegs, g.vmid, cached, key, t, {
      start: g.startedAt,
      restart: g.status !== 'running',
      slots: G_SLOTS,
      build: (t0, base) => this.buildGuestSegment(g, t0, base),
    });
  }

  /**
   * Rebuilds a guest's or node's segment after its `key` (load state, status) changed: from zero
   * at `start` after a (re)start, else continuing the counters from the change time; the previous
   * segment still answers for times before the change. (The cache hit stays in the callers: it is
   * the per-scrape hot path and allocates nothing.)
   */
  private rebuildSegment<Id>(
    cache: Map<Id, Cached>,
    id: Id,
    cached: Cached | undefined,
    key: string,
    t: number,
    o: {
      start: number;
      restart: boolean;
      slots: number;
      build: (t0: number, base: Float64Array) => Segment;
    },
  ): Segment {
    let seg: Segment;
    let prev: Segment | undefined;
    if (!cached || cached.seg.t0 < o.start || o.restart) {
      seg = o.build(o.start, new Float64Array(o.slots));
    } else {
      const tc = Math.max(this.changeTime(), cached.seg.t0);
      seg = o.build(tc, cached.seg.at(tc));
      prev = cached.seg;
    }
    const fresh = { key, seg, prev };
    cache.set(id, fresh);
    return segmentAt(fresh, t);
  }

  /** Guest counters at t (seconds); all zero for a stopped guest. */
  guestCounters(g: GuestModel, t: number): Float64Array {
    if (g.status !== 'running') return new Float64Array(G_SLOTS);
    return this.guestSegment(g, t).at(t);
  }

  guestRates(g: GuestModel, t: number): Float64Array {
    if (g.status !== 'running') return new Float64Array(G_SLOTS);
    return this.guestSegment(g, t).rates(t);
  }

  /** Host-view CPU (0–1 of the guest's vCPUs), averaged over the `window` seconds before t. */
  guestCpuRatio(g: GuestModel, t: number, window = 10): number {
    if (g.status !== 'running') return 0;
    const from = Math.max(g.startedAt, t - window);
    if (t <= from) return 0;
    const busy =
      (this.guestCounters(g, t)[G.busy] ?? 0) - (this.guestCounters(g, from)[G.busy] ?? 0);
    return Math.min(1, Math.max(0, busy / (t - from) / this.vcpus(g)));
  }

  guestGauges(g: GuestModel, t: number): GuestGauges {
    const p = this.profile(g);
    const memTotal = g.memoryMiB * 1_048_576;
    const swapTotal = g.type === 'lxc' ? 512 * 1_048_576 : g.ostype.startsWith('win') ? 0 : GIB;
    const running = g.status === 'running';
    const swapping = running && this.scenarios.onGuestOnly('swapping', g.vmid);
    const wobble = 0.02 * Math.sin(t / 97 + p.wavePhase);
    const frac = swapping ? 0.97 : Math.min(0.9, Math.max(0.05, p.memFraction + wobble));
    let vgpu = 0;
    if (running && this.hasVgpu(g)) {
      vgpu = this.scenarios.onGuestOnly('gpu-saturation', g.vmid)
        ? 0.97
        : Math.min(1, p.gpu * waveAt(this.guestWave(g, p, false), t));
    }
    return {
      memTotal,
      memUsed: running ? Math.floor(memTotal * frac) : 0,
      swapTotal,
      swapFree: swapping ? Math.floor(swapTotal * 0.45) : Math.floor(swapTotal * 0.97),
      vgpu,
      diskUsed: 0.2 + unit(this.seed, g.vmid, 0xd1) * 0.5,
    };
  }

  // --- nodes -----------------------------------------------------------------------------

  private buildNodeSegment(n: NodeModel, t0: number, base: Float64Array): Segment {
    const sc = this.scenarios;
    const cpus = n.maxcpu;
    const c = new Float64Array(N_SLOTS);
    const terms: Term[] = [];
    let running = 0;
    for (const g of this.model.guests()) {
      if (g.node !== n.name || g.status !== 'running') continue;
      running++;
      const mix = this.guestCpuMix(g);
      const p = this.profile(g);
      const gb = mix.u * this.vcpus(g, n);
      const r = new Float64Array(N_SLOTS);
      r[N.user] = (0.85 * gb) / cpus;
      r[N.system] = (0.12 * gb) / cpus;
      r[N.softirq] = (0.03 * gb) / cpus;
      r[N.idle] = -gb / cpus;
      if (g.type === 'qemu') r[N.guestUser] = gb / cpus;
      r[N.busy] = gb;
      const slow = sc.onGuest('disk-latency', g.vmid, g.node);
      const reads = slow ? Math.max(30, p.readIops) : p.readIops;
      const writes = slow ? Math.max(25, p.writeIops) : p.writeIops;
      r[N.reads] = reads;
      r[N.writes] = writes;
      r[N.readBytes] = reads * 16 * KIB;
      r[N.writeBytes] = writes * 32 * KIB;
      r[N.rxBytes] = p.rxBytes;
      r[N.txBytes] = p.txBytes;
      r[N.rxPackets] = p.rxBytes / BYTES_PER_PACKET;
      r[N.txPackets] = p.txBytes / BYTES_PER_PACKET;
      r[N.ctxt] = 3000 * gb;
      r[N.intr] = 2000 * gb;
      r[N.arcHits] = reads * 3;
      r[N.arcMisses] = reads * 0.3;
      const io = new Float64Array(N_SLOTS);
      for (const slot of IO_SLOTS_N) {
        io[slot] = r[slot] ?? 0;
        r[slot] = 0;
      }
      terms.push({ wave: mix.wave, r }, { wave: this.guestWave(g, p, false), r: io });
    }
    const o = this.overhead(running);
    const slowHost = sc.onNode('disk-latency', n.name);
    const iowait = 0.002 + (slowHost ? 0.05 : 0);
    c[N.user] = (0.5 * o) / cpus;
    c[N.system] = (0.4 * o) / cpus;
    c[N.softirq] = (0.1 * o) / cpus;
    c[N.iowait] = iowait;
    c[N.steal] = 0;
    c[N.idle] = 1 - o / cpus - iowait;
    c[N.busy] = o;
    const scale = this.nodeScale(n.name);
    c[N.psiCpu] = 0.004 + 0.6 * (1 - scale) + (sc.onNode('steal', n.name) ? 0.35 : 0);
    c[N.psiIoWait] = 0.01 + (slowHost ? 0.3 : 0);
    c[N.psiIoStall] = 0.004 + (slowHost ? 0.15 : 0);
    const swapping = sc.onNode('swapping', n.name);
    c[N.psiMemWait] = 0.0005 + (swapping ? 0.2 : 0);
    c[N.psiMemStall] = 0.0002 + (swapping ? 0.08 : 0);
    c[N.psiIrq] = 0.0001;
    c[N.reads] = 2;
    c[N.writes] = 15;
    c[N.readBytes] = 2 * 16 * KIB;
    c[N.writeBytes] = 15 * 32 * KIB;
    // Host-side service time per operation: sub-millisecond NVMe unless the scenario slows it.
    const lat = slowHost ? 0.08 : 0.0004;
    for (const term of terms) {
      term.r[N.readTime] = (term.r[N.reads] ?? 0) * lat;
      term.r[N.writeTime] = (term.r[N.writes] ?? 0) * lat * 1.5;
      term.r[N.ioWeighted] = (term.r[N.readTime] ?? 0) + (term.r[N.writeTime] ?? 0);
    }
    c[N.readTime] = 2 * lat;
    c[N.writeTime] = 15 * lat * 1.5;
    c[N.ioWeighted] = (c[N.readTime] ?? 0) + (c[N.writeTime] ?? 0);
    c[N.ioTime] = slowHost ? 0.95 : 0.05;
    c[N.rxBytes] = 5_000;
    c[N.txBytes] = 3_000;
    c[N.rxPackets] = 5_000 / BYTES_PER_PACKET;
    c[N.txPackets] = 3_000 / BYTES_PER_PACKET;
    if (sc.onNode('packet-drops', n.name)) {
      c[N.rxDrop] = 60;
      c[N.txDrop] = 3;
    }
    c[N.pswpin] = swapping ? 300 : 0;
    c[N.pswpout] = swapping ? 420 : 0;
    c[N.pgfault] = 2_000;
    c[N.pgmajfault] = swapping ? 300 : 0.1;
    c[N.ctxt] = 5_000;
    c[N.intr] = 3_000;
    c[N.forks] = 3;
    return new Segment(t0, base, c, terms);
  }

  private nodeSegment(n: NodeModel, t: number): Segment {
    const key = `${this.stateKey()}|${n.bootTime}|${n.online}`;
    const cached = this.nodeSegs.get(n.name);
    if (cached?.key === key) return segmentAt(cached, t);
    return this.rebuildSegment(this.nodeSegs, n.name, cached, key, t, {
      start: n.bootTime,
      restart: false,
      slots: N_SLOTS,
      build: (t0, base) => this.buildNodeSegment(n, t0, base),
    });
  }

  nodeCounters(n: NodeModel, t: number): Float64Array {
    return this.nodeSegment(n, t).at(t);
  }

  nodeRates(n: NodeModel, t: number): Float64Array {
    return this.nodeSegment(n, t).rates(t);
  }

  /** Host CPU (0–1 of all host CPUs) averaged over the `window` seconds before t. */
  nodeCpuRatio(n: NodeModel, t: number, window = 10): number {
    const from = Math.max(n.bootTime, t - window);
    if (t <= from) return 0;
    const busy = (this.nodeCounters(n, t)[N.busy] ?? 0) - (this.nodeCounters(n, from)[N.busy] ?? 0);
    return Math.min(1, Math.max(0, busy / (t - from) / n.maxcpu));
  }

  nodeGauges(n: NodeModel, t: number): NodeGauges {
    let used = 3 * GIB;
    let vgpu = 0;
    for (const g of this.model.guests()) {
      if (g.node !== n.name || g.status !== 'running') continue;
      const gg = this.guestGauges(g, t);
      used += g.type === 'qemu' ? gg.memUsed + 64 * 1_048_576 : gg.memUsed;
      vgpu += gg.vgpu;
    }
    const arcMax = Math.floor(n.maxmem / 10);
    const arcSize = Math.floor(arcMax * (0.8 + 0.1 * Math.sin(t / 300)));
    const swapping = this.scenarios.onNode('swapping', n.name);
    const memUsed = swapping
      ? Math.floor(n.maxmem * 0.97)
      : Math.min(Math.floor(n.maxmem * 0.95), used + arcSize);
    const swapTotal = 8 * GIB;
    const gpu = this.scenarios.onNode('gpu-saturation', n.name) ? 0.99 : Math.min(1, 0.02 + vgpu);
    const rates = this.nodeRates(n, t);
    return {
      memUsed,
      swapTotal,
      swapFree: swapping ? Math.floor(swapTotal * 0.4) : Math.floor(swapTotal * 0.99),
      arcSize,
      arcMax,
      gpu,
      load1: (rates[N.busy] ?? 0) + (rates[N.psiCpu] ?? 0) * n.maxcpu,
    };
  }

  /** Flat wave export for tests (a constant rate). */
  static readonly FLAT = FLAT;
}
