import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Path of a fixture under test/fixtures/nvidia-smi. */
export function fixture(relative: string): string {
  return join(here, 'fixtures', 'nvidia-smi', relative);
}

export const FIXTURES = {
  realVgpuQ: fixture('vgpu-q/proxmox-vgpu-unlock.525.147.01.1vgpu.txt'),
  realQ: fixture('q/rtx-pro-6000-blackwell.580.105.06.vgpu-host.trimmed.txt'),
  realL40sCsv: fixture('query-gpu-csv/linux-x86_64__nvidia-l40s__595.80__idle.csv'),
  realH100Csv: fixture('query-gpu-csv/linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.csv'),
  multiVgpuQ: fixture('derived/vgpu-q.580.multi-vgpu.txt'),
  migVgpuQ: fixture('derived/vgpu-q.580.mig-backed.txt'),
  noActiveVgpuQ: fixture('derived/vgpu-q.525.no-active-vgpus.txt'),
  multiGpuCsv: fixture('derived/query-gpu.uuid-pci.multi-gpu.csv'),
} as const;

export const FAKE_NVIDIA_SMI = join(here, 'fake-nvidia-smi.mjs');

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `pvemon-vgpu-${prefix}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Creates `<dir>/nvidia-smi`, a wrapper that `exec`s the fake (one process, so a timeout kill
 * ends it), and returns an environment with `dir` first on PATH plus the fake's variables.
 */
export async function installFakeNvidiaSmi(
  dir: string,
  fakeEnv: Record<string, string>,
): Promise<NodeJS.ProcessEnv> {
  const bin = join(dir, 'nvidia-smi');
  await writeFile(bin, `#!/bin/sh\nexec "${process.execPath}" "${FAKE_NVIDIA_SMI}" "$@"\n`);
  await chmod(bin, 0o755);
  return { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}`, ...fakeEnv };
}

/** Writes `<vmid>.conf` files in PVE format into a fresh `qemu-server` directory. */
export async function writeGuestConfigs(
  root: string,
  configs: Record<number, string>,
): Promise<string> {
  const dir = join(root, 'qemu-server');
  await mkdir(dir, { recursive: true });
  for (const [vmid, text] of Object.entries(configs)) {
    await writeFile(join(dir, `${vmid}.conf`), text);
  }
  return dir;
}

/**
 * PVE-format configs of the guests in `derived/vgpu-q.580.multi-vgpu.txt`: 101 and 102 carry
 * the smbios uuids nvidia-smi reports; 103 has no smbios1 line (created by hand), so only its
 * name can map it. Snapshot sections repeat keys with other values, which must be ignored.
 */
export const MULTI_VGPU_GUESTS: Record<number, string> = {
  101: `#Windows 11 CAD workstation
agent: 1
bios: ovmf
boot: order=scsi0;ide2;net0
cores: 8
cpu: host
efidisk0: local-lvm:vm-101-disk-0,efitype=4m,pre-enrolled-keys=1,size=4M
hostpci0: 0000:41:00.0,mdev=nvidia-1157,pcie=1
machine: pc-q35-9.0
memory: 16384
meta: creation-qemu=9.0.2,ctime=1718000000
name: win11-cad
net0: virtio=BC:24:11:2E:C5:4A,bridge=vmbr0,firewall=1
numa: 0
ostype: win11
parent: before-driver-update
scsi0: local-lvm:vm-101-disk-1,iothread=1,size=128G
scsihw: virtio-scsi-single
smbios1: uuid=8F2D3C1E-5B6A-4E7F-9A0B-1C2D3E4F5A6B
sockets: 1
tpmstate0: local-lvm:vm-101-disk-2,size=4M,version=v2.0
vmgenid: 6e1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b

[before-driver-update]
bios: ovmf
cores: 8
memory: 16384
name: win11-cad-old
smbios1: uuid=11111111-2222-4333-8444-555555555555
snaptime: 1718003600
`,
  102: `agent: 1,fstrim_cloned_disks=1
boot: order=scsi0
cores: 16
cpu: x86-64-v2-AES
hostpci0: mapping=l40s-pool,mdev=nvidia-1157
memory: 65536
name: ml-train-02
net0: virtio=BC:24:11:7A:10:02,bridge=vmbr0
ostype: l26
scsi0: local-zfs:vm-102-disk-0,discard=on,size=200G
scsihw: virtio-scsi-single
smbios1: uuid=0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f
sockets: 1
vmgenid: 2b3c4d5e-6f70-4a8b-9c0d-1e2f3a4b5c6d
`,
  103: `boot: order=scsi0
cores: 4
hostpci0: c1:00.0,mdev=nvidia-1160
memory: 32768
name: render-03
net0: virtio=BC:24:11:7A:10:03,bridge=vmbr0
ostype: l26
scsi0: local-lvm:vm-103-disk-0,size=64G
`,
  200: `#not a GPU guest
cores: 2
memory: 2048
name: dns-01
ostype: l26
smbios1: uuid=aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee
`,
};

export const CLI_ENTRY = join(here, '..', 'src', 'cli.ts');

/** argv that runs the CLI from its TypeScript source (siblings resolved to their sources). */
export function cliArgv(...args: string[]): string[] {
  return ['--conditions=@pvemon/source', '--import', 'tsx', CLI_ENTRY, ...args];
}
