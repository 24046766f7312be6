import { normalisePciAddress, presentValue } from './values.js';

/** A physical GPU's identity from `nvidia-smi --query-gpu=... --format=csv`. */
export interface GpuIdentity {
  /** As nvidia_gpu_exporter labels it: lower case, `GPU-` prefix removed. */
  readonly uuid: string;
  /** Canonical `0000:01:00.0`. */
  readonly pci: string;
}

/** The query the exporter runs; the parser reads columns by header name, so the order is free. */
export const GPU_IDENTITY_QUERY_ARGS = ['--query-gpu=uuid,pci.bus_id', '--format=csv'] as const;

/**
 * Parses `--query-gpu` CSV output WITH its header row and returns uuid ↔ PCI address per GPU.
 * Works on any field list that includes `uuid` and `pci.bus_id`. Throws with the missing column
 * named when the header lacks one.
 */
export function parseGpuQueryCsv(text: string): GpuIdentity[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const uuidCol = header.indexOf('uuid');
  const pciCol = header.indexOf('pci.bus_id');
  if (uuidCol < 0 || pciCol < 0) {
    throw new Error(
      `nvidia-smi --query-gpu CSV lacks the ${uuidCol < 0 ? '"uuid"' : '"pci.bus_id"'} column (header: ${JSON.stringify((lines[0] ?? '').slice(0, 200))})`,
    );
  }
  const result: GpuIdentity[] = [];
  for (const line of lines.slice(1)) {
    // Field values of these two columns never contain commas; other columns are ignored.
    const cells = line.split(',');
    const uuid = presentValue(cells[uuidCol]);
    const pci = normalisePciAddress(cells[pciCol]);
    if (uuid == null || pci == null) continue;
    result.push({ uuid: uuid.toLowerCase().replace(/^gpu-/, ''), pci });
  }
  return result;
}
