import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeExporter } from '../src/metrics/node-exporter.js';
import { nvidiaGpuExporter } from '../src/metrics/nvidia-gpu-exporter.js';
import { pveExporter } from '../src/metrics/pve-exporter.js';
import { windowsExporter } from '../src/metrics/windows-exporter.js';

/** Metric families (`# TYPE name type`) of a recorded exporter output. */
function families(file: string): Map<string, string> {
  const text = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

// node_exporter's e2e run disables these collectors/fields; the names come from the collector
// sources (meminfo, filesystem, timex) and are stable since long before 1.5.0.
const NOT_IN_NODE_E2E = new Set([
  'node_memory_MemAvailable_bytes',
  'node_memory_MemTotal_bytes',
  'node_filesystem_avail_bytes',
  'node_filesystem_size_bytes',
  'node_filesystem_readonly',
  'node_timex_offset_seconds',
]);

describe('metric names match real exporter outputs', () => {
  for (const version of ['v1.5.0.prom', 'v1.12.1.types.prom']) {
    it(`node_exporter ${version.split('.prom')[0]}`, () => {
      const real = families(`node_exporter.${version}`);
      for (const name of Object.values(nodeExporter)) {
        if (!NOT_IN_NODE_E2E.has(name)) expect(real.has(name), name).toBe(true);
      }
      // Counters the rules rate() must be counters (vmstat ones are untyped but monotonic).
      expect(real.get(nodeExporter.diskReadTime)).toBe('counter');
      expect(real.get(nodeExporter.vmstatPswpIn)).toBe('untyped');
    });
  }

  it('windows_exporter v0.31.8 (no cs collector, no removed windows_os_* series)', () => {
    const real = families('windows_exporter.v0.31.8.prom');
    for (const name of Object.values(windowsExporter)) expect(real.has(name), name).toBe(true);
    expect([...real.keys()].filter((n) => n.startsWith('windows_cs_'))).toEqual([]);
    expect(real.has('windows_os_physical_memory_free_bytes')).toBe(false);
  });

  it('prometheus-pve-exporter v3.10.0', () => {
    const real = families('pve_exporter.v3.10.0.prom');
    for (const name of Object.values(pveExporter)) expect(real.has(name), name).toBe(true);
  });

  it('nvidia_gpu_exporter (ratios are 0–1 gauges)', () => {
    const real = families('nvidia_gpu_exporter.l40s.prom');
    for (const name of Object.values(nvidiaGpuExporter)) expect(real.has(name), name).toBe(true);
    const text = readFileSync(
      new URL('./fixtures/nvidia_gpu_exporter.l40s.prom', import.meta.url),
      'utf8',
    );
    const util = /^nvidia_smi_utilization_gpu_ratio\{[^}]*\} (\S+)$/m.exec(text);
    expect(Number(util?.[1])).toBeLessThanOrEqual(1);
  });
});
