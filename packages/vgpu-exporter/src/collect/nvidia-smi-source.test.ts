import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES,
  installFakeNvidiaSmi,
  makeTempDir,
  MULTI_VGPU_GUESTS,
  removeDir,
  writeGuestConfigs,
} from '../../test/helpers.js';
import { NvidiaSmiVgpuSource } from './nvidia-smi-source.js';

let dir: string;
let configDir: string;
beforeAll(async () => {
  dir = await makeTempDir('source');
  configDir = await writeGuestConfigs(dir, MULTI_VGPU_GUESTS);
});
afterAll(() => removeDir(dir));

async function source(
  fakeEnv: Record<string, string>,
  now?: () => number,
  paths: { configDir?: string; sysfsRoot?: string } = {},
) {
  const log = join(dir, `calls-${Math.random()}.jsonl`);
  const env = await installFakeNvidiaSmi(dir, { ...fakeEnv, FAKE_NVIDIA_SMI_LOG: log });
  const src = new NvidiaSmiVgpuSource({
    node: 'pve1',
    nvidiaSmi: { path: 'nvidia-smi', timeoutMs: 5000, env },
    identityTtlMs: 60_000,
    configDir: paths.configDir ?? configDir,
    sysfsRoot: paths.sysfsRoot ?? join(dir, 'no-sysfs'),
    ...(now ? { now } : {}),
  });
  const calls = async () =>
    (await readFile(log, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { argv: string[] }).argv.join(' '));
  return { src, calls };
}

describe('NvidiaSmiVgpuSource', () => {
  it('joins vgpu -q, GPU identities and guest configs into one snapshot', async () => {
    const { src } = await source({
      FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.multiVgpuQ,
      FAKE_NVIDIA_SMI_QUERY_GPU: FIXTURES.multiGpuCsv,
    });
    const snap = await src.collect();
    expect(snap.success).toBe(true);
    expect(snap.warnings).toEqual([]);
    expect(snap.driverVersion).toBe('580.105.06');
    expect(snap.gpus).toEqual([
      { pci: '0000:41:00.0', uuid: '0a5ba9ad-a575-72c7-d51d-3e726232cfd1', activeVgpus: 2 },
      { pci: '0000:c1:00.0', uuid: '5c1e8f2a-93b4-4d07-a6e2-8b3f0c9d7e14', activeVgpus: 1 },
    ]);
    expect(
      snap.instances.map((s) => [s.gpuUuid.slice(0, 8), s.guest.vmId, s.guest.mappedBy]),
    ).toEqual([
      ['0a5ba9ad', '101', 'smbios_uuid'],
      ['0a5ba9ad', '102', 'smbios_uuid'],
      ['5c1e8f2a', '103', 'vm_name'],
    ]);
  });

  it('runs the identity query once per TTL, so steady-state collections fork once', async () => {
    let now = 0;
    const { src, calls } = await source(
      {
        FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.multiVgpuQ,
        FAKE_NVIDIA_SMI_QUERY_GPU: FIXTURES.multiGpuCsv,
      },
      () => now,
    );
    await src.collect();
    now += 30_000;
    await src.collect();
    now += 30_000;
    await src.collect();
    expect(await calls()).toEqual([
      'vgpu -q',
      '--query-gpu=uuid,pci.bus_id --format=csv',
      'vgpu -q',
      'vgpu -q',
      '--query-gpu=uuid,pci.bus_id --format=csv',
    ]);
  });

  it('reports failure with the reason instead of throwing', async () => {
    const { src } = await source({ FAKE_NVIDIA_SMI_MODE: 'fail' });
    const snap = await src.collect();
    expect(snap).toMatchObject({ success: false, gpus: [], instances: [] });
    expect(snap.error).toMatch(/exit code 9/);
  });

  it('still exports instances with an empty gpu_uuid when the identity query fails', async () => {
    // No FAKE_NVIDIA_SMI_QUERY_GPU: the fake rejects --query-gpu with exit code 2.
    const { src } = await source({ FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.realVgpuQ });
    const snap = await src.collect();
    expect(snap.success).toBe(true);
    expect(snap.instances[0]).toMatchObject({
      gpuUuid: '',
      guest: { vmId: '101', mappedBy: 'mdev' },
    });
    expect(snap.warnings[0]).toMatch(/GPU uuids unknown.*exit code 2/);
  });

  it('maps SR-IOV vGPUs through sysfs VFs and hostpciN when no UUID matches', async () => {
    // vGPU 17+ style host: configs name VFs, no smbios1 for 101/103 (hand-made VMs).
    const root = join(dir, 'sriov');
    const vfConfigs = await writeGuestConfigs(root, {
      101: 'name: win11-cad\nhostpci0: 0000:41:00.4,mdev=nvidia-1157,pcie=1\n',
      102: MULTI_VGPU_GUESTS[102]!.replace('mapping=l40s-pool', '0000:41:00.5'),
      103: 'name: gpu-render\nhostpci0: C1:00.4,mdev=nvidia-1160\n',
    });
    const devices = join(root, 'sys', 'bus', 'pci', 'devices');
    for (const [vf, pf, type] of [
      ['0000:41:00.4', '0000:41:00.0', '1157'],
      ['0000:41:00.5', '0000:41:00.0', '1157'],
      ['0000:c1:00.4', '0000:c1:00.0', '1160'],
    ] as const) {
      await mkdir(join(devices, vf, 'nvidia'), { recursive: true });
      await writeFile(join(devices, vf, 'nvidia', 'current_vgpu_type'), `${type}\n`);
      await symlink(`../${pf}`, join(devices, vf, 'physfn'));
    }
    const { src } = await source(
      {
        FAKE_NVIDIA_SMI_VGPU_Q: FIXTURES.multiVgpuQ,
        FAKE_NVIDIA_SMI_QUERY_GPU: FIXTURES.multiGpuCsv,
      },
      undefined,
      { configDir: vfConfigs, sysfsRoot: join(root, 'sys') },
    );
    const snap = await src.collect();
    expect(snap.instances.map((s) => [s.guest.vmId, s.guest.vmName, s.guest.mappedBy])).toEqual([
      // Two type-1157 VFs on 41:00.0, but 102 is claimed by its smbios uuid: 101 is the only owner.
      ['101', 'win11-cad', 'vf_address'],
      ['102', 'ml-train-02', 'smbios_uuid'],
      // The config name differs from nvidia-smi's "render-03": only the VF can tie them.
      ['103', 'gpu-render', 'vf_address'],
    ]);
  });
});
