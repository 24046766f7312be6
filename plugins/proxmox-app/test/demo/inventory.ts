/**
 * A seeded demo cluster: nodes, guests (Linux/Windows VMs, LXC), GPUs and vGPUs. Stands in for the
 * Proxmox simulator's exporter emulation until that exists; the metric and label NAMES it feeds
 * come from @pvemon/rules and @pvemon/metrics-contract, so the contract test stays meaningful.
 */
export interface DemoGuest {
  vmId: number;
  name: string;
  node: string;
  type: 'qemu' | 'lxc';
  os: 'linux' | 'windows';
  status: 'running' | 'stopped';
  vcpus: number;
  memoryBytes: number;
  tags: string[];
  pool?: string;
  /** In-guest exporter: scraped and up, scraped but failing, or no target (no address). */
  exporter: 'up' | 'down' | 'none';
  /** vGPU instance on the node's GPU. */
  vgpu?: { gpuIndex: number; type: string; uuid: string };
  /** Guest address as the sd-server would resolve it (the target's instance label). */
  address: string;
  /** Speed factor for its load curves. */
  load: number;
}

export interface DemoNode {
  name: string;
  cores: number;
  memoryBytes: number;
  gpus: Array<{ uuid: string; name: string; memoryBytes: number }>;
}

export interface DemoCluster {
  name: string;
  nodes: DemoNode[];
  guests: DemoGuest[];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GiB = 2 ** 30;
const TAGS = ['prod', 'dev', 'db', 'web', 'ml', 'backup'];
const NAMES = ['web', 'db', 'cache', 'ci', 'ml', 'files', 'mail', 'vdi', 'k8s', 'mon'];

export function demoCluster(options: { guests: number; nodes?: number; seed?: number }): DemoCluster {
  const rnd = mulberry32(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const nodeCount = options.nodes ?? Math.max(3, Math.ceil(options.guests / 40));
  const nodes: DemoNode[] = Array.from({ length: nodeCount }, (_, i) => ({
    name: `pve${i + 1}`,
    cores: 32,
    memoryBytes: 256 * GiB,
    // The first node carries an L40S split into vGPUs.
    gpus: i === 0 ? [{ uuid: `GPU-0000000${i}-l40s`, name: 'NVIDIA L40S', memoryBytes: 48 * GiB }] : [],
  }));
  const guests: DemoGuest[] = [];
  for (let i = 0; i < options.guests; i++) {
    const vmId = 100 + i;
    const node = nodes[i % nodeCount]!;
    const type = i % 5 === 4 ? 'lxc' : 'qemu';
    const os = type === 'qemu' && i % 3 === 1 ? 'windows' : 'linux';
    // Deterministic showcase guests: 100 Linux, 101 Windows, 102 vGPU… see exporter/status rules.
    const status = i % 17 === 16 ? 'stopped' : 'running';
    const exporter = status === 'stopped' ? 'none' : i % 13 === 12 ? 'none' : i % 29 === 28 ? 'down' : 'up';
    const tags = [...new Set([pick(TAGS), ...(rnd() < 0.4 ? [pick(TAGS)] : [])])].sort();
    const vcpus = pick([1, 2, 4, 8, 16]);
    const memoryBytes = pick([1, 2, 4, 8, 16, 32]) * GiB;
    const vgpu =
      node.gpus.length > 0 &&
      type === 'qemu' &&
      os === 'linux' &&
      guests.filter((g) => g.vgpu).length < 4 &&
      i % 2 === 0
        ? { gpuIndex: 0, type: 'NVIDIA L40S-12Q', uuid: `vgpu-${vmId}` }
        : undefined;
    guests.push({
      vmId,
      name: `${pick(NAMES)}-${vmId}`,
      node: node.name,
      type,
      os,
      status,
      vcpus,
      memoryBytes,
      tags,
      pool: rnd() < 0.5 ? 'prod' : undefined,
      exporter,
      vgpu,
      address: `10.10.${Math.floor(vmId / 250)}.${(vmId % 250) + 2}:${os === 'windows' ? 9182 : 9100}`,
      load: 0.2 + rnd() * 0.8,
    });
  }
  return { name: 'demo', nodes, guests };
}
