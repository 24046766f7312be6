// GPU nodes: nvidia_gpu_exporter /metrics (one H100 per GPU node, rendered from the exporter's
// recorded H100 golden with live values) and what `nvidia-smi` prints on that host — `vgpu -q`
// in the real layout (Proxmox shape: QEMU `-name` with `,debug-threads=on`, PVE mdev UUIDs)
// and `--query-gpu=… --format=csv` — for the vGPU exporter.
import { mix3 } from '../model/rng.js';
import type { GuestModel, NodeModel } from '../model/types.js';
import type { LoadModel } from '../load/load-model.js';
import { nvidiaGpuExporterRecordedCatalog } from './catalog/nvidia-gpu-exporter.generated.js';
import { nvidiaGpuSamples } from './catalog/nvidia-gpu-template.generated.js';
import { Exposition } from './exposition.js';

const RECORDED_UUID = '00000000-0000-0000-0000-000000000000';
const MIB = 2 ** 20;
const GPU_NAME = 'NVIDIA H100 80GB HBM3';
const DRIVER = '590.48.01';
const FB_TOTAL_MIB = 81_559;

/** vGPU profiles for the simulator's mdev types (`mdev=nvidia-N`, N = vGPU Type). */
const PROFILES: Record<string, { name: string; fbMiB: number }> = {
  '46': { name: 'NVIDIA H100-5C', fbMiB: 5120 },
  '63': { name: 'NVIDIA H100-10C', fbMiB: 10_240 },
  '64': { name: 'NVIDIA H100-20C', fbMiB: 20_480 },
  '65': { name: 'NVIDIA H100-40C', fbMiB: 40_960 },
};

const hex = (n: number, len: number): string =>
  (n >>> 0).toString(16).padStart(8, '0').slice(0, len);

function uuidFrom(a: number, b: number): string {
  const h = [mix3(a, b, 1), mix3(a, b, 2), mix3(a, b, 3), mix3(a, b, 4)]
    .map((x) => hex(x, 8))
    .join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface PhysicalGpu {
  /** Without the `GPU-` prefix, lower case (the exporter's `uuid` label). */
  uuid: string;
  busId: string;
}

export function gpuOf(seed: number, n: NodeModel): PhysicalGpu {
  return { uuid: uuidFrom(seed, 0x6000 + n.nodeid), busId: '00000000:81:00.0' };
}

/** Running guests on the node whose hostpci0 is a vGPU mdev. */
export function vgpuGuests(load: LoadModel, n: NodeModel): GuestModel[] {
  return load.model
    .guests()
    .filter((g) => g.node === n.name && g.status === 'running' && load.hasVgpu(g));
}

function mdevType(g: GuestModel): string {
  return /mdev=nvidia-(\d+)/.exec(g.hostpci0 ?? '')?.[1] ?? '63';
}

function gpuState(load: LoadModel, n: NodeModel, t: number) {
  const gauges = load.nodeGauges(n, t);
  const vgpus = vgpuGuests(load, n);
  let fbUsed = 0;
  for (const g of vgpus) fbUsed += (PROFILES[mdevType(g)]?.fbMiB ?? 10_240) * 0.6;
  const util = gauges.gpu;
  return {
    util,
    memUtil: Math.min(1, util * 0.4),
    fbUsedMiB: Math.min(FB_TOTAL_MIB - 600, Math.floor(600 + fbUsed)),
    power: Math.round((70 + 630 * util) * 100) / 100,
    temp: Math.round(32 + 35 * util),
    smClockHz: util > 0.05 ? 1.98e9 : 3.45e8,
  };
}

export function renderGpuExporter(load: LoadModel, n: NodeModel, t: number): string {
  const gpu = gpuOf(load.seed, n);
  const s = gpuState(load, n, t);
  const e = new Exposition(nvidiaGpuExporterRecordedCatalog);
  const live: Record<string, number> = {
    nvidia_smi_utilization_gpu_ratio: Math.round(s.util * 100) / 100,
    nvidia_smi_utilization_memory_ratio: Math.round(s.memUtil * 100) / 100,
    nvidia_smi_memory_used_bytes: s.fbUsedMiB * MIB,
    nvidia_smi_memory_free_bytes: (FB_TOTAL_MIB - s.fbUsedMiB) * MIB,
    nvidia_smi_power_draw_watts: s.power,
    nvidia_smi_power_draw_average_watts: s.power,
    nvidia_smi_power_draw_instant_watts: s.power,
    nvidia_smi_temperature_gpu: s.temp,
    nvidia_smi_clocks_current_sm_clock_hz: s.smClockHz,
    nvidia_smi_clocks_current_graphics_clock_hz: s.smClockHz,
  };
  for (const [family, labelBlock, value] of nvidiaGpuSamples) {
    const labels = labelBlock
      .replace(RECORDED_UUID, gpu.uuid)
      .replace('pci_bus_id="00000000:00:09.0"', `pci_bus_id="${gpu.busId}"`);
    e.addRaw(family, labels, live[family] ?? value);
  }
  return e.toString();
}

/** nvidia-smi's own timestamp layout, e.g. `Wed Jul 22 15:37:16 2026` (UTC here). */
function smiTimestamp(t: number): string {
  const d = new Date(t * 1000);
  const utc = d.toUTCString(); // "Wed, 22 Jul 2026 15:37:16 GMT"
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${utc.slice(0, 3)} ${utc.slice(8, 11)} ${day} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()}`;
}

/** `nvidia-smi vgpu -q` on the node (the layout of the recorded outputs). */
export function renderVgpuQuery(load: LoadModel, n: NodeModel, t: number): string {
  const gpu = gpuOf(load.seed, n);
  const vgpus = vgpuGuests(load, n);
  const pad = (label: string, indent: number): string =>
    `${' '.repeat(indent)}${label}`.padEnd(42) + ': ';
  const out = [
    '',
    '==============NVSMI LOG==============',
    '',
    `${'Timestamp'.padEnd(42)}: ${smiTimestamp(t)}`,
    `${'Driver Version'.padEnd(42)}: ${DRIVER}`,
    '',
    `GPU ${gpu.busId}`,
    `${pad('Active vGPUs', 4)}${vgpus.length}`,
  ];
  for (const g of vgpus) {
    const type = mdevType(g);
    const profile = PROFILES[type] ?? { name: `NVIDIA H100-${type}`, fbMiB: 10_240 };
    const gauges = load.guestGauges(g, t);
    const util = Math.round(gauges.vgpu * 100);
    const used = Math.floor(profile.fbMiB * 0.6);
    const name = g.name ?? `VM ${g.vmid}`;
    const lines: [string, number, string | number][] = [
      ['vGPU ID', 4, 3_251_634_000 + g.vmid],
      ['VM UUID', 8, g.smbiosUuid],
      ['VM Name', 8, `${name},debug-threads=on`],
      ['vGPU Name', 8, profile.name],
      ['vGPU Type', 8, type],
      ['vGPU UUID', 8, uuidFrom(load.seed, g.vmid)],
      ['MDEV UUID', 8, `00000000-0000-0000-0000-${String(g.vmid).padStart(12, '0')}`],
      ['Guest Driver Version', 8, '580.95.05'],
      ['License Status', 8, 'Licensed (Expiry: 2027-12-31 23:59:59 GMT)'],
      ['GPU Instance ID', 8, 'N/A'],
      ['Accounting Mode', 8, 'Disabled'],
      ['ECC Mode', 8, 'Enabled'],
      ['Accounting Buffer Size', 8, 4000],
      ['Frame Rate Limit', 8, 'N/A'],
    ];
    for (const [label, indent, value] of lines) out.push(`${pad(label, indent)}${value}`);
    out.push(`${' '.repeat(8)}PCI`, `${pad('Bus Id', 12)}00000000:01:00.0`);
    out.push(`${' '.repeat(8)}FB Memory Usage`);
    out.push(`${pad('Total', 12)}${profile.fbMiB} MiB`, `${pad('Used', 12)}${used} MiB`);
    out.push(`${pad('Free', 12)}${profile.fbMiB - used} MiB`);
    out.push(`${' '.repeat(8)}Utilization`);
    out.push(`${pad('GPU', 12)}${util} %`, `${pad('Memory', 12)}${Math.round(util * 0.4)} %`);
    out.push(`${pad('Encoder', 12)}0 %`, `${pad('Decoder', 12)}0 %`);
    for (const stats of ['Encoder Stats', 'FBC Stats']) {
      out.push(`${' '.repeat(8)}${stats}`, `${pad('Active Sessions', 12)}0`);
      out.push(`${pad('Average FPS', 12)}0`, `${pad('Average Latency', 12)}0`);
    }
  }
  out.push('');
  return out.join('\n');
}

/** `nvidia-smi --query-gpu=<fields> --format=csv[,noheader][,nounits]`. */
export function renderQueryGpu(
  load: LoadModel,
  n: NodeModel,
  t: number,
  fields: readonly string[],
  format: { header: boolean; units: boolean },
): string {
  const gpu = gpuOf(load.seed, n);
  const s = gpuState(load, n, t);
  const table: Record<string, [string, string]> = {
    uuid: ['uuid', `GPU-${gpu.uuid}`],
    gpu_uuid: ['uuid', `GPU-${gpu.uuid}`],
    'pci.bus_id': ['pci.bus_id', gpu.busId],
    name: ['name', GPU_NAME],
    index: ['index', '0'],
    driver_version: ['driver_version', DRIVER],
    'utilization.gpu': ['utilization.gpu [%]', `${Math.round(s.util * 100)} %`],
    'utilization.memory': ['utilization.memory [%]', `${Math.round(s.memUtil * 100)} %`],
    'memory.total': ['memory.total [MiB]', `${FB_TOTAL_MIB} MiB`],
    'memory.used': ['memory.used [MiB]', `${s.fbUsedMiB} MiB`],
    'memory.free': ['memory.free [MiB]', `${FB_TOTAL_MIB - s.fbUsedMiB} MiB`],
    'temperature.gpu': ['temperature.gpu', String(s.temp)],
    'power.draw': ['power.draw [W]', `${s.power.toFixed(2)} W`],
  };
  const cols = fields.map((f) => {
    const col = table[f];
    if (!col) throw new Error(`Field "${f}" is not a valid field to query.`);
    return col;
  });
  const strip = (v: string): string => (format.units ? v : v.replace(/ (%|MiB|W)$/, ''));
  const header = cols.map(([h]) => (format.units ? h : h.replace(/ \[.*\]$/, ''))).join(', ');
  const row = cols.map(([, v]) => strip(v)).join(', ');
  return `${format.header ? `${header}\n` : ''}${row}\n`;
}
