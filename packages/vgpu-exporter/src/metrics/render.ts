import { vgpuMetrics, type LabelsOf, type MetricDef } from '@pvemon/metrics-contract';
import { Gauge, Registry } from 'prom-client';
import type { InstanceSample, VgpuSnapshot } from '../collect/snapshot.js';

type InstanceLabel = LabelsOf<typeof vgpuMetrics.gpuUtilization>;

/** Content type of the text exposition format prom-client writes. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * Renders a snapshot in the Prometheus text format. A fresh registry per snapshot keeps
 * rendering pure: no series of a VM that has gone away can linger, and concurrent renders
 * cannot see each other's half-written state. Values that nvidia-smi reported as N/A produce
 * no series rather than a misleading 0.
 */
export async function renderMetrics(snapshot: VgpuSnapshot): Promise<string> {
  const registry = new Registry();
  const gauge = <L extends string>(def: MetricDef<L>) =>
    new Gauge<L>({ name: def.name, help: def.help, labelNames: def.labels, registers: [registry] });

  const info = gauge(vgpuMetrics.info);
  const instanceGauges = {
    gpuUtilization: gauge(vgpuMetrics.gpuUtilization),
    memoryUtilization: gauge(vgpuMetrics.memoryUtilization),
    encoderUtilization: gauge(vgpuMetrics.encoderUtilization),
    decoderUtilization: gauge(vgpuMetrics.decoderUtilization),
    framebufferUsedBytes: gauge(vgpuMetrics.framebufferUsedBytes),
    framebufferTotalBytes: gauge(vgpuMetrics.framebufferTotalBytes),
  } as const;
  const licensed = gauge(vgpuMetrics.licensed);
  const active = gauge(vgpuMetrics.activeInstances);
  const success = gauge(vgpuMetrics.scrapeSuccess);
  const duration = gauge(vgpuMetrics.scrapeDuration);

  const node = snapshot.node;
  success.set({ node }, snapshot.success ? 1 : 0);
  duration.set({ node }, snapshot.durationSeconds);
  for (const gpu of snapshot.gpus) {
    active.set({ node, gpu_uuid: gpu.uuid, gpu_pci: gpu.pci }, gpu.activeVgpus);
  }
  for (const sample of snapshot.instances) {
    const labels = instanceLabels(node, sample);
    const { instance } = sample;
    info.set(
      {
        ...labels,
        guest_driver: instance.guestDriverVersion ?? '',
        mapped_by: sample.guest.mappedBy,
      },
      1,
    );
    licensed.set(
      { ...labels, license_state: instance.licenseState },
      instance.licenseState === 'licensed' ? 1 : 0,
    );
    for (const [key, metric] of Object.entries(instanceGauges)) {
      const value = instance[key as keyof typeof instanceGauges];
      if (value != null) metric.set(labels, value);
    }
  }
  return registry.metrics();
}

/** The instance's identity labels; `vgpu_uuid` falls back to the mdev UUID, then the vGPU ID. */
export function instanceLabels(
  node: string,
  sample: InstanceSample,
): Record<InstanceLabel, string> {
  const { instance, guest } = sample;
  return {
    node,
    gpu_uuid: sample.gpuUuid,
    gpu_pci: instance.gpuPci,
    vgpu_uuid: instance.vgpuUuid ?? instance.mdevUuid ?? instance.vgpuId,
    vgpu_type: instance.vgpuName ?? instance.vgpuTypeId ?? '',
    vm_id: guest.vmId,
    vm_name: guest.vmName,
  };
}
