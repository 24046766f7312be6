import { sdInventoryMetrics, type MetricDef } from '@pvemon/metrics-contract';
import { guestMemoryBytes, guestVcpus, tagsLabel } from '../discovery/labels.js';
import type { ClusterSnapshot, GuestEntry } from '../discovery/snapshot.js';

/** Prometheus text-format label value escaping. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function series(def: MetricDef, values: readonly string[], value: number): string {
  const labels = def.labels.map((l, i) => `${l}="${escapeLabelValue(values[i] ?? '')}"`).join(',');
  return `${def.name}{${labels}} ${value}\n`;
}

interface GuestLines {
  readonly info: string;
  readonly vcpus: string;
  readonly memory: string;
  readonly gpu: string;
}

const m = sdInventoryMetrics;

/** `1` when the QEMU guest agent is enabled in the config; LXC has none, an unread config is `0`. */
function agentFlag(e: GuestEntry): string {
  return e.config?.type === 'qemu' && e.config.agent.enabled ? '1' : '0';
}

function guestLines(cluster: string, e: GuestEntry): GuestLines {
  const g = e.guest;
  const id = [cluster, String(g.vmid), g.name, g.node];
  const info = series(
    m.guestInfo,
    [
      ...id,
      g.type,
      e.os,
      e.config?.ostype ?? '',
      tagsLabel(g.tags) ?? '',
      g.pool ?? '',
      g.status,
      g.template ? '1' : '0',
      agentFlag(e),
    ],
    1,
  );
  let gpu = '';
  if (e.config?.type === 'qemu')
    for (const d of e.config.hostpci)
      gpu += series(
        m.guestGpuInfo,
        [
          ...id,
          d.key,
          d.hosts.join(';') || (d.mapping ? `mapping=${d.mapping}` : ''),
          d.mdev ?? '',
          d.mdevUuid ?? '',
        ],
        1,
      );
  return {
    info,
    vcpus: series(m.guestVcpus, id, guestVcpus(g, e.config)),
    memory: series(m.guestMemoryBytes, id, guestMemoryBytes(g, e.config)),
    gpu,
  };
}

const header = (def: MetricDef): string =>
  `# HELP ${def.name} ${def.help}\n# TYPE ${def.name} ${def.type}\n`;

/** One cluster's series of each family, as UTF-8 bytes. */
interface ClusterText {
  readonly info: Buffer;
  readonly vcpus: Buffer;
  readonly memory: Buffer;
  readonly gpu: Buffer;
  readonly nodes: Buffer;
}

/**
 * The inventory info metrics (`pvemon_guest_info` & co.) as exposition text, rendered once per
 * published snapshot (at the first scrape after it, so a cold start is not delayed by it) rather
 * than on every scrape. 10,000 guests make ~40,000 series (~5 MB);
 * they are kept as bytes only — as JS strings (per-guest lines plus the joined text) they would
 * take several times that. Re-rendering a cluster costs tens of milliseconds once per refresh.
 */
export class InventoryText {
  private readonly clusters = new Map<string, ClusterText>();
  /** Snapshots published since the last render: rendered on the next scrape, not on publish. */
  private readonly pending = new Map<string, ClusterSnapshot>();

  /** Records a cluster's new snapshot; its series are rendered when next asked for. */
  update(s: ClusterSnapshot): void {
    this.pending.set(s.cluster, s);
  }

  private render(s: ClusterSnapshot): void {
    const info: string[] = [];
    const vcpus: string[] = [];
    const memory: string[] = [];
    const gpu: string[] = [];
    for (const e of s.guests.values()) {
      const l = guestLines(s.cluster, e);
      info.push(l.info);
      vcpus.push(l.vcpus);
      memory.push(l.memory);
      if (l.gpu) gpu.push(l.gpu);
    }
    const nodes = s.nodes.map((n) =>
      series(
        m.nodeInfo,
        [
          s.cluster,
          n.name,
          n.ip ?? '',
          n.online ? '1' : '0',
          n.nodeId === undefined ? '' : String(n.nodeId),
        ],
        1,
      ),
    );
    const bytes = (lines: string[]): Buffer => Buffer.from(lines.join(''));
    this.clusters.set(s.cluster, {
      info: bytes(info),
      vcpus: bytes(vcpus),
      memory: bytes(memory),
      gpu: bytes(gpu),
      nodes: bytes(nodes),
    });
  }

  /** The exposition text of every family, families in a fixed order, clusters sorted. */
  bytes(): Buffer {
    for (const snapshot of this.pending.values()) this.render(snapshot);
    this.pending.clear();
    const clusters = [...this.clusters.keys()].sort().map((c) => this.clusters.get(c));
    const parts: Buffer[] = [];
    const family = (def: MetricDef, pick: (t: ClusterText) => Buffer): void => {
      parts.push(Buffer.from(header(def)));
      for (const t of clusters) if (t) parts.push(pick(t));
    };
    family(m.guestInfo, (t) => t.info);
    family(m.guestVcpus, (t) => t.vcpus);
    family(m.guestMemoryBytes, (t) => t.memory);
    family(m.guestGpuInfo, (t) => t.gpu);
    family(m.nodeInfo, (t) => t.nodes);
    return Buffer.concat(parts);
  }

  toString(): string {
    return this.bytes().toString();
  }
}
