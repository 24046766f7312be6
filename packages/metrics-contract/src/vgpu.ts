import { defineMetric } from './metric.js';

/** Labels on every per-vGPU-instance series of `@pvemon/vgpu-exporter`. */
export const VGPU_INSTANCE_LABELS = [
  'node',
  'gpu_uuid',
  'gpu_pci',
  'vgpu_uuid',
  'vgpu_type',
  'vm_id',
  'vm_name',
] as const;
/** Labels on per-physical-GPU series of `@pvemon/vgpu-exporter`. */
export const VGPU_GPU_LABELS = ['node', 'gpu_uuid', 'gpu_pci'] as const;

export const vgpuMetrics = {
  info: defineMetric({
    name: 'pvemon_vgpu_info',
    type: 'gauge',
    help: 'One vGPU instance and the Proxmox guest it is attached to; always 1.',
    labels: [...VGPU_INSTANCE_LABELS, 'guest_driver', 'mapped_by'],
  }),
  gpuUtilization: defineMetric({
    name: 'pvemon_vgpu_gpu_utilization_ratio',
    type: 'gauge',
    help: 'GPU (SM) utilisation of the vGPU instance, 0-1.',
    labels: VGPU_INSTANCE_LABELS,
  }),
  memoryUtilization: defineMetric({
    name: 'pvemon_vgpu_memory_utilization_ratio',
    type: 'gauge',
    help: 'Memory controller utilisation of the vGPU instance, 0-1.',
    labels: VGPU_INSTANCE_LABELS,
  }),
  encoderUtilization: defineMetric({
    name: 'pvemon_vgpu_encoder_utilization_ratio',
    type: 'gauge',
    help: 'Video encoder utilisation of the vGPU instance, 0-1.',
    labels: VGPU_INSTANCE_LABELS,
  }),
  decoderUtilization: defineMetric({
    name: 'pvemon_vgpu_decoder_utilization_ratio',
    type: 'gauge',
    help: 'Video decoder utilisation of the vGPU instance, 0-1.',
    labels: VGPU_INSTANCE_LABELS,
  }),
  framebufferUsedBytes: defineMetric({
    name: 'pvemon_vgpu_framebuffer_used_bytes',
    type: 'gauge',
    help: 'Framebuffer memory used by the vGPU instance, in bytes.',
    labels: VGPU_INSTANCE_LABELS,
  }),
  framebufferTotalBytes: defineMetric({
    name: 'pvemon_vgpu_framebuffer_total_bytes',
    type: 'gauge',
    help: 'Framebuffer memory of the vGPU instance, in bytes.',
    labels: VGPU_INSTANCE_LABELS,
  }),
  licensed: defineMetric({
    name: 'pvemon_vgpu_licensed',
    type: 'gauge',
    help: '1 when the vGPU guest driver reports a valid license, else 0.',
    labels: [...VGPU_INSTANCE_LABELS, 'license_state'],
  }),
  activeInstances: defineMetric({
    name: 'pvemon_vgpu_active_instances',
    type: 'gauge',
    help: 'Number of active vGPU instances on the physical GPU.',
    labels: VGPU_GPU_LABELS,
  }),
  scrapeSuccess: defineMetric({
    name: 'pvemon_vgpu_scrape_success',
    type: 'gauge',
    help: '1 when the last nvidia-smi collection succeeded, else 0.',
    labels: ['node'],
  }),
  scrapeDuration: defineMetric({
    name: 'pvemon_vgpu_scrape_duration_seconds',
    type: 'gauge',
    help: 'Duration of the last nvidia-smi collection.',
    labels: ['node'],
  }),
} as const;

/** Values of `mapped_by` on `pvemon_vgpu_info`: how the vGPU was tied to a guest, strongest first. */
export const VGPU_MAPPED_BY = ['mdev', 'smbios_uuid', 'vf_address', 'vm_name', 'none'] as const;
export type VgpuMappedBy = (typeof VGPU_MAPPED_BY)[number];

/** Values of `license_state` on `pvemon_vgpu_licensed`. */
export const VGPU_LICENSE_STATES = [
  'licensed',
  'unlicensed',
  'unlicensed_restricted',
  'unlicensed_unrestricted',
  'unknown',
] as const;
export type VgpuLicenseState = (typeof VGPU_LICENSE_STATES)[number];
