// The live cluster: generated state plus run-time mutations. Every mutation bumps `version`,
// which the API uses to invalidate cached serialisations.
import { MAX_PLANNED_VMID, guestAddress } from './address-plan.js';
import { generateGuest } from './generate.js';
import type { ClusterSpec, GuestModel, GuestType, NodeModel, StorageModel } from './types.js';

export class SimulatorError extends Error {
  override name = 'SimulatorError';
}

export interface CreateGuestInput {
  type?: GuestType;
  node?: string;
  vmid?: number;
  name?: string;
  ostype?: string;
  /** Start the guest right away (default true). */
  running?: boolean;
  tags?: string | string[];
  pool?: string;
  /** Raw `agent` config value, e.g. "1". */
  agent?: string;
  template?: boolean;
}

export type ConfigPatch = Record<string, string | number | null>;

const TAG_RE = /^[a-z0-9_][a-z0-9_\-+.]*$/i;

/** Normalises tags the way PVE stores them: split on `;`, `,`, whitespace; dedupe; sort; `;`-join. */
export function normaliseTags(tags: string | readonly string[]): string | undefined {
  const list = (typeof tags === 'string' ? tags.split(/[;,\s]+/) : [...tags])
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
  for (const t of list) {
    if (!TAG_RE.test(t)) {
      throw new SimulatorError(
        `invalid tag "${t}": tags must match [a-z0-9_][a-z0-9_-+.]* (PVE $PVE_TAG_RE)`,
      );
    }
  }
  const unique = [...new Set(list)].sort();
  return unique.length > 0 ? unique.join(';') : undefined;
}

function toInt(key: string, value: string | number): number {
  const text = String(value).replace(/^current=/, '');
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new SimulatorError(`config key "${key}" needs a non-negative integer, got "${value}"`);
  }
  return n;
}

export class ClusterModel {
  readonly name: string;
  readonly nodes: readonly NodeModel[];
  readonly storages: readonly StorageModel[];
  readonly pools: readonly string[];
  /** Bumped on every change; caches key on it. */
  version = 0;
  private readonly byVmid = new Map<number, GuestModel>();
  private readonly nodeByName = new Map<string, NodeModel>();
  private sorted: GuestModel[] | undefined;

  constructor(
    spec: ClusterSpec,
    private readonly seed: number,
    private readonly nowSec: () => number,
    /** The address plan's offset (see address-plan.ts); new guests get addresses from it. */
    readonly addressOffset = 0,
  ) {
    this.name = spec.name;
    this.nodes = spec.nodes;
    this.storages = spec.storages;
    this.pools = spec.pools;
    for (const n of spec.nodes) this.nodeByName.set(n.name, n);
    for (const g of spec.guests) this.byVmid.set(g.vmid, g);
  }

  /** All guests, sorted by vmid. */
  guests(): readonly GuestModel[] {
    this.sorted ??= [...this.byVmid.values()].sort((a, b) => a.vmid - b.vmid);
    return this.sorted;
  }

  guest(vmid: number): GuestModel | undefined {
    return this.byVmid.get(vmid);
  }

  node(name: string): NodeModel | undefined {
    return this.nodeByName.get(name);
  }

  private touch(g?: GuestModel): void {
    if (g) g.digestCache = undefined;
    this.sorted = undefined;
    this.version++;
  }

  requireGuest(vmid: number): GuestModel {
    const g = this.byVmid.get(vmid);
    if (!g) throw new SimulatorError(`no guest with vmid ${vmid}`);
    return g;
  }

  requireNode(name: string): NodeModel {
    const n = this.nodeByName.get(name);
    if (!n) {
      throw new SimulatorError(
        `no node named "${name}" (nodes: ${this.nodes.map((x) => x.name).join(', ')})`,
      );
    }
    return n;
  }

  /** Lowest free vmid ≥ 100, like `/cluster/nextid`. */
  nextVmid(): number {
    let id = 100;
    while (this.byVmid.has(id)) id++;
    return id;
  }

  createGuest(input: CreateGuestInput = {}): GuestModel {
    const vmid = input.vmid ?? this.nextVmid();
    const maxVmid = MAX_PLANNED_VMID - this.addressOffset * 65_536;
    if (!Number.isInteger(vmid) || vmid < 100 || vmid > maxVmid) {
      throw new SimulatorError(`vmid must be an integer in 100..${maxVmid}, got ${vmid}`);
    }
    if (this.byVmid.has(vmid)) throw new SimulatorError(`vmid ${vmid} already exists`);
    const node = input.node !== undefined ? this.requireNode(input.node) : undefined;
    const now = this.nowSec();
    const g = generateGuest(
      this.seed,
      vmid,
      node ? [node] : this.nodes,
      now,
      input.type,
      this.addressOffset,
    );
    g.address = guestAddress(vmid, this.addressOffset);
    g.ctime = now;
    if (input.name !== undefined) g.name = input.name;
    if (input.ostype !== undefined) g.ostype = input.ostype;
    if (input.tags !== undefined) g.tags = normaliseTags(input.tags);
    if (input.pool !== undefined) {
      if (!this.pools.includes(input.pool)) {
        throw new SimulatorError(`no pool "${input.pool}" (pools: ${this.pools.join(', ')})`);
      }
      g.pool = input.pool;
    }
    if (input.agent !== undefined && g.type === 'qemu') {
      g.agent = input.agent;
      g.agentInstalled = true;
    }
    g.template = input.template ?? false;
    g.lock = undefined;
    g.hastate = undefined;
    const running = !g.template && (input.running ?? true);
    g.status = running ? 'running' : 'stopped';
    g.startedAt = running ? now : 0;
    this.byVmid.set(vmid, g);
    this.touch(g);
    return g;
  }

  startGuest(vmid: number): GuestModel {
    const g = this.requireGuest(vmid);
    if (g.template) throw new SimulatorError(`guest ${vmid} is a template and cannot be started`);
    if (g.status !== 'running') {
      g.status = 'running';
      g.startedAt = this.nowSec();
      if (g.hastate) g.hastate = 'started';
      this.touch(g);
    }
    return g;
  }

  stopGuest(vmid: number): GuestModel {
    const g = this.requireGuest(vmid);
    if (g.status !== 'stopped') {
      g.status = 'stopped';
      g.startedAt = 0;
      if (g.hastate) g.hastate = 'stopped';
      this.touch(g);
    }
    return g;
  }

  migrateGuest(vmid: number, target: string): GuestModel {
    const g = this.requireGuest(vmid);
    this.requireNode(target);
    if (g.node !== target) {
      g.node = target;
      this.touch(g);
    }
    return g;
  }

  setTags(vmid: number, tags: string | readonly string[] | undefined): GuestModel {
    const g = this.requireGuest(vmid);
    g.tags = tags === undefined ? undefined : normaliseTags(tags);
    this.touch(g);
    return g;
  }

  deleteGuest(vmid: number): void {
    this.requireGuest(vmid);
    this.byVmid.delete(vmid);
    this.touch();
  }

  setNodeOnline(name: string, online: boolean): NodeModel {
    const n = this.requireNode(name);
    if (n.online !== online) {
      n.online = online;
      if (online) n.bootTime = this.nowSec();
      this.touch();
    }
    return n;
  }

  /** Applies a config change (null deletes a key); the digest changes accordingly. */
  setConfig(vmid: number, patch: ConfigPatch): GuestModel {
    const g = this.requireGuest(vmid);
    for (const [key, value] of Object.entries(patch)) {
      switch (key) {
        case 'digest':
          throw new SimulatorError('config key "digest" is computed and cannot be set');
        case 'name':
        case 'hostname':
          g.name = value === null ? undefined : String(value);
          break;
        case 'tags':
          g.tags = value === null ? undefined : normaliseTags(String(value));
          break;
        case 'memory':
          if (value === null) throw new SimulatorError('config key "memory" cannot be deleted');
          g.memoryMiB = toInt(key, value);
          // Keep a hand-written `current=N` form verbatim, as PVE returns what the file holds.
          if (typeof value === 'string' && value.startsWith('current='))
            g.overrides.set('memory', value);
          else g.overrides.delete('memory');
          break;
        case 'cores':
        case 'sockets':
          g[key] = value === null ? 1 : Math.max(1, toInt(key, value));
          break;
        case 'agent':
          g.agent = value === null ? undefined : String(value);
          break;
        case 'ipconfig0':
        case 'hostpci0':
        case 'lock':
          g[key] = value === null ? undefined : String(value);
          break;
        case 'ostype':
          if (value === null) throw new SimulatorError('config key "ostype" cannot be deleted');
          g.ostype = String(value);
          break;
        case 'template':
          g.template = value !== null && toInt(key, value) === 1;
          if (g.template) g.status = 'stopped';
          break;
        default:
          g.overrides.set(key, value);
      }
    }
    this.touch(g);
    return g;
  }
}
