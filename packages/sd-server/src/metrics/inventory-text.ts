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
  readonly sig: string;
  readonly info: string;
  readonly vcpus: string;
  readonly memory: string;
  readonly gpu: string;
}

const m = sdInventoryMetrics;

function guestSignature(e: GuestEntry): string {
  const g = e.guest;
  return [
    g.name,
    g.node,
    g.type,
    g.status,
    g.template,
    g.tagsRaw,
    g.pool,
    g.maxCpu,
    g.maxMemBytes,
    e.os,
    e.config?.digest,
    e.config?.vcpus,
    agentFlag(e),
  ].join('\u0001');
}

/** `1` when the QEMU guest agent is enabled in the config; LXC has none, an unread config is `0`. */
function agentFlag(e: GuestEntry): string {
  return e.config?.type === 'qemu' && e.config.agent.enabled ? '1' : '0';
}

function guestLines(cluster: string, e: GuestEntry, sig: string): GuestLines {
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
    sig,
    info,
    vcpus: series(m.guestVcpus, id, guestVcpus(g, e.config)),
    memory: series(m.guestMemoryBytes, id, guestMemoryBytes(g, e.config)),
    gpu,
  };
}

const header = (def: MetricDef): string =>
  `# HELP ${def.name} ${def.help}\n# TYPE ${def.name} ${def.type}\n`;

/**
 * The inventory info metrics (`pvemon_guest_info` & co.) as exposition text, rendered when a
 * snapshot is published rather than on every scrape. 10,000 guests make ~40,000 series; lines of
 * unchanged guests are reused from the previous render.
 */
export class InventoryText {
  private readonly memo = new Map<string, Map<number, GuestLines>>();
  private readonly nodes = new Map<string, string>();
  private text = '';

  update(s: ClusterSnapshot): void {
    const prev = this.memo.get(s.cluster) ?? new Map<number, GuestLines>();
    const next = new Map<number, GuestLines>();
    for (const e of s.guests.values()) {
      const sig = guestSignature(e);
      const old = prev.get(e.guest.vmid);
      next.set(e.guest.vmid, old?.sig === sig ? old : guestLines(s.cluster, e, sig));
    }
    this.memo.set(s.cluster, next);
    this.nodes.set(
      s.cluster,
      s.nodes
        .map((n) =>
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
        )
        .join(''),
    );
    this.render();
  }

  private render(): void {
    const clusters = [...this.memo.keys()].sort();
    const family = (def: MetricDef, pick: (l: GuestLines) => string): string => {
      let out = header(def);
      for (const c of clusters) for (const l of this.memo.get(c)?.values() ?? []) out += pick(l);
      return out;
    };
    this.text =
      family(m.guestInfo, (l) => l.info) +
      family(m.guestVcpus, (l) => l.vcpus) +
      family(m.guestMemoryBytes, (l) => l.memory) +
      family(m.guestGpuInfo, (l) => l.gpu) +
      header(m.nodeInfo) +
      clusters.map((c) => this.nodes.get(c) ?? '').join('');
  }

  toString(): string {
    return this.text;
  }
}
