// What should be listening right now: one exporter endpoint per guest (by OS), per node, per
// GPU node, plus the pve-exporter — each on its own loopback address like a real network.
import type { LoadModel } from '../load/load-model.js';

export type ExporterType =
  | 'node_exporter'
  | 'windows_exporter'
  | 'host_node_exporter'
  | 'nvidia_gpu_exporter'
  | 'pve_exporter';

export const STANDARD_PORTS = {
  node_exporter: 9100,
  windows_exporter: 9182,
  host_node_exporter: 9100,
  nvidia_gpu_exporter: 9835,
  pve_exporter: 9221,
} as const satisfies Record<ExporterType, number>;

export interface ExporterTarget {
  /** Stable key: `guest/<vmid>`, `node/<name>`, `gpu/<name>` or `pve`. */
  key: string;
  type: ExporterType;
  host: string;
  vmid?: number;
  node?: string;
  /** Whether it accepts connections now (false: connection refused). */
  up: boolean;
}

export function desiredTargets(load: LoadModel, pveAddress: string): ExporterTarget[] {
  const out: ExporterTarget[] = [];
  for (const g of load.model.guests()) {
    const kind = load.exporterKind(g);
    if (kind === 'none') continue;
    out.push({
      key: `guest/${g.vmid}`,
      type: kind,
      host: g.address,
      vmid: g.vmid,
      node: g.node,
      up: load.guestExporterUp(g),
    });
  }
  const gpuNodes = load.gpuNodes();
  for (const n of load.model.nodes) {
    out.push({
      key: `node/${n.name}`,
      type: 'host_node_exporter',
      host: n.ip,
      node: n.name,
      up: load.nodeExporterUp(n),
    });
    if (gpuNodes.has(n.name)) {
      out.push({
        key: `gpu/${n.name}`,
        type: 'nvidia_gpu_exporter',
        host: n.ip,
        node: n.name,
        up: n.online,
      });
    }
  }
  out.push({ key: 'pve', type: 'pve_exporter', host: pveAddress, up: true });
  return out;
}
