import { childValue, findChild, parseIndentedText, type TextNode } from './indented-text.js';
import { parseLicenseState, type LicenseState } from './license.js';
import {
  normalisePciAddress,
  parseInteger,
  parsePercentRatio,
  parseSizeBytes,
  presentValue,
} from './values.js';

/** One vGPU instance from `nvidia-smi vgpu -q`. Absent data (N/A, missing field) is `undefined`. */
export interface VgpuInstance {
  /** "vGPU ID": the manager's numeric instance id; changes when the VM restarts. */
  readonly vgpuId: string;
  /** Physical GPU (the `GPU <bus id>` section), canonical `0000:01:00.0` form. */
  readonly gpuPci: string;
  /** "VM UUID", lower case. On PVE ≥ 7.4 the VM's `smbios1` uuid; before, the mdev UUID. */
  readonly vmUuid: string | undefined;
  /** "VM Name" with QEMU's `-name` options (`,debug-threads=on`) removed. */
  readonly vmName: string | undefined;
  /** "vGPU Name", the profile, e.g. "NVIDIA RTXA6000-2Q". */
  readonly vgpuName: string | undefined;
  /** "vGPU Type", the numeric type id (the N of PVE's `mdev=nvidia-N`). */
  readonly vgpuTypeId: string | undefined;
  readonly vgpuUuid: string | undefined;
  /** "MDEV UUID" (KVM mediated device), lower case; older drivers only. */
  readonly mdevUuid: string | undefined;
  readonly guestDriverVersion: string | undefined;
  readonly licenseState: LicenseState;
  /** "GPU Instance ID": set for MIG-backed vGPUs. */
  readonly gpuInstanceId: number | undefined;
  readonly framebufferTotalBytes: number | undefined;
  readonly framebufferUsedBytes: number | undefined;
  /** Engine utilisation, 0-1. N/A on MIG-backed vGPUs. */
  readonly gpuUtilization: number | undefined;
  readonly memoryUtilization: number | undefined;
  readonly encoderUtilization: number | undefined;
  readonly decoderUtilization: number | undefined;
}

/** One physical GPU section of `nvidia-smi vgpu -q`. */
export interface VgpuHostGpu {
  readonly pci: string;
  /** "Active vGPUs", or the number of instances listed when the field is missing. */
  readonly activeVgpus: number;
  readonly instances: VgpuInstance[];
}

export interface VgpuQueryResult {
  readonly driverVersion: string | undefined;
  readonly gpus: VgpuHostGpu[];
}

const GPU_SECTION = /^GPU\s+(\S+)$/i;

/**
 * Parses `nvidia-smi vgpu -q`. Tolerant by design: unknown fields are ignored, missing sections
 * leave `undefined`, and a GPU section without vGPUs yields an empty instance list. Throws only when
 * the text has no GPU section at all (it is then not `vgpu -q` output).
 */
export function parseVgpuQuery(text: string): VgpuQueryResult {
  const roots = parseIndentedText(text);
  const gpus: VgpuHostGpu[] = [];
  let driverVersion: string | undefined;
  for (const node of roots) {
    if (node.key.toLowerCase() === 'driver version') driverVersion = presentValue(node.value);
    const section = node.value === undefined ? GPU_SECTION.exec(node.key) : null;
    const pci = section ? normalisePciAddress(section[1]) : undefined;
    if (pci == null) continue;
    const instances = node.children
      .filter((c) => c.key.toLowerCase() === 'vgpu id')
      .map((c) => parseInstance(c, pci));
    const active = parseInteger(childValue(node, 'Active vGPUs'));
    gpus.push({ pci, activeVgpus: active ?? instances.length, instances });
  }
  if (gpus.length === 0) {
    const firstLine = text.trim().split('\n')[0]?.slice(0, 200) ?? '';
    throw new Error(
      `nvidia-smi vgpu -q output has no "GPU <bus id>" section (first line: ${JSON.stringify(firstLine)})`,
    );
  }
  return { driverVersion, gpus };
}

function parseInstance(node: TextNode, gpuPci: string): VgpuInstance {
  const field = (...keys: string[]) => presentValue(childValue(node, ...keys));
  const fb = findChild(node, 'FB Memory Usage', 'Framebuffer Memory Usage');
  const util = findChild(node, 'Utilization');
  const utilValue = (key: string) => (util ? parsePercentRatio(childValue(util, key)) : undefined);
  return {
    vgpuId: presentValue(node.value) ?? '',
    gpuPci,
    vmUuid: field('VM UUID')?.toLowerCase(),
    vmName: cleanVmName(field('VM Name')),
    vgpuName: field('vGPU Name'),
    vgpuTypeId: field('vGPU Type'),
    vgpuUuid: field('vGPU UUID')?.toLowerCase(),
    mdevUuid: field('MDEV UUID')?.toLowerCase(),
    guestDriverVersion: field('Guest Driver Version'),
    licenseState: parseLicenseState(field('License Status')),
    gpuInstanceId: parseInteger(field('GPU Instance ID')),
    framebufferTotalBytes: fb ? parseSizeBytes(childValue(fb, 'Total')) : undefined,
    framebufferUsedBytes: fb ? parseSizeBytes(childValue(fb, 'Used')) : undefined,
    gpuUtilization: utilValue('GPU'),
    memoryUtilization: utilValue('Memory'),
    encoderUtilization: utilValue('Encoder'),
    decoderUtilization: utilValue('Decoder'),
  };
}

/** QEMU's `-name` carries options after a comma (PVE passes `<name>,debug-threads=on`). */
function cleanVmName(name: string | undefined): string | undefined {
  if (name == null) return undefined;
  return presentValue(name.split(',')[0]);
}
