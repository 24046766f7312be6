import { readFileSync } from 'node:fs';

/**
 * Builds a `nvidia-smi vgpu -q` text for a host with `gpus × perGpu` vGPUs by repeating the
 * instance block of a REAL output (the fixture) with new ids, mdev UUIDs and usage values.
 * Derived data for benchmarks: the layout is the recorded one, only values change.
 */
export function synthesizeVgpuQuery(realFixture: string, gpus: number, perGpu: number): string {
  const lines = readFileSync(realFixture, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim().startsWith('vGPU ID'));
  const block = lines.slice(start).filter((l) => l.trim() !== '');
  const out: string[] = [];
  let vmid = 100;
  for (let g = 0; g < gpus; g += 1) {
    const bus = (0x41 + g * 0x20).toString(16).toUpperCase().padStart(2, '0');
    out.push(`GPU 00000000:${bus}:00.0`);
    out.push(`    Active vGPUs                          : ${perGpu}`);
    for (let i = 0; i < perGpu; i += 1) {
      vmid += 1;
      const util = (vmid * 37) % 101;
      for (const line of block) {
        out.push(
          line
            .replace(/(vGPU ID\s+: )\d+/, `$1${3251634000 + vmid}`)
            .replace(/(VM Name\s+: )\S+/, `$1vm-${vmid},debug-threads=on`)
            .replace(
              /(MDEV UUID\s+: )\S+/,
              `$100000000-0000-0000-0000-${String(vmid).padStart(12, '0')}`,
            )
            .replace(/(Used\s+: )\d+ MiB/, `$1${(vmid * 13) % 2048} MiB`)
            .replace(/(Gpu\s+: )\d+ %/, `$1${util} %`),
        );
      }
    }
  }
  return `${out.join('\n')}\n`;
}
