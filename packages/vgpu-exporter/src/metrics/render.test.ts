import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { vgpuMetrics } from '@pvemon/metrics-contract';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers.js';
import type { VgpuSnapshot } from '../collect/snapshot.js';
import { mapInstancesToGuests } from '../mapping/map-instances.js';
import { parseVgpuQuery } from '../parsers/vgpu-query.js';
import { renderMetrics } from './render.js';

function snapshotOf(file: string, gpuUuid = 'abc'): VgpuSnapshot {
  const query = parseVgpuQuery(readFileSync(file, 'utf8'));
  const instances = query.gpus.flatMap((g) => g.instances);
  const matches = mapInstancesToGuests(instances, { guests: [], vfs: [] });
  return {
    node: 'pve1',
    success: true,
    error: undefined,
    warnings: [],
    durationSeconds: 0.25,
    collectedAt: 0,
    driverVersion: query.driverVersion,
    gpus: query.gpus.map((g) => ({ pci: g.pci, uuid: gpuUuid, activeVgpus: g.activeVgpus })),
    instances: instances.map((instance, i) => ({ instance, gpuUuid, guest: matches[i]! })),
  };
}

function promtoolCheck(text: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) =>
      error ? reject(new Error(`promtool: ${stderr || stdout}`)) : resolve({ stdout, stderr }),
    );
    child.stdin?.end(text);
  });
}

describe('renderMetrics', () => {
  it('exports every contract metric for the real fixture with the contract labels', async () => {
    const text = await renderMetrics(snapshotOf(FIXTURES.realVgpuQ));
    const labels =
      'node="pve1",gpu_uuid="abc",gpu_pci="0000:01:00.0",vgpu_uuid="00000000-0000-0000-0000-000000000101",vgpu_type="NVIDIA RTXA6000-2Q",vm_id="101",vm_name="win10test"';
    expect(text).toContain(`pvemon_vgpu_info{${labels},guest_driver="",mapped_by="mdev"} 1`);
    expect(text).toContain(`pvemon_vgpu_gpu_utilization_ratio{${labels}} 0`);
    expect(text).toContain(`pvemon_vgpu_framebuffer_total_bytes{${labels}} 2147483648`);
    expect(text).toContain(`pvemon_vgpu_framebuffer_used_bytes{${labels}} 0`);
    expect(text).toContain(`pvemon_vgpu_licensed{${labels},license_state="unknown"} 0`);
    expect(text).toContain(
      'pvemon_vgpu_active_instances{node="pve1",gpu_uuid="abc",gpu_pci="0000:01:00.0"} 1',
    );
    expect(text).toContain('pvemon_vgpu_scrape_success{node="pve1"} 1');
    expect(text).toContain('pvemon_vgpu_scrape_duration_seconds{node="pve1"} 0.25');
    for (const def of Object.values(vgpuMetrics)) {
      expect(text).toContain(`# TYPE ${def.name} ${def.type}`);
    }
  });

  it('emits ratios 0-1 and no utilisation series where nvidia-smi said N/A (MIG)', async () => {
    const multi = await renderMetrics(snapshotOf(FIXTURES.multiVgpuQ));
    expect(multi).toMatch(/pvemon_vgpu_gpu_utilization_ratio\{[^}]*vm_name="win11-cad"\} 0\.87/);
    expect(multi).toMatch(/pvemon_vgpu_licensed\{[^}]*license_state="licensed"\} 1/);
    const mig = await renderMetrics(snapshotOf(FIXTURES.migVgpuQ));
    expect(mig).not.toMatch(/^pvemon_vgpu_gpu_utilization_ratio\{/m);
    expect(mig).toMatch(/^pvemon_vgpu_framebuffer_used_bytes\{.*\} 9663676416$/m);
  });

  it('on failure exports only scrape_success 0 and the duration', async () => {
    const text = await renderMetrics({
      ...snapshotOf(FIXTURES.noActiveVgpuQ),
      success: false,
      error: 'x',
      gpus: [],
    });
    const samples = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(samples).toEqual([
      'pvemon_vgpu_scrape_success{node="pve1"} 0',
      'pvemon_vgpu_scrape_duration_seconds{node="pve1"} 0.25',
    ]);
  });

  it('passes promtool check metrics', async () => {
    const text = await renderMetrics(snapshotOf(FIXTURES.multiVgpuQ));
    await expect(promtoolCheck(text)).resolves.toBeDefined();
  });
});
