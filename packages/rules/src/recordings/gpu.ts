import type { Selectors } from '../config.js';
import { recordingRule, type RecordingRule } from '../dsl/rule.js';
import { nvidiaGpuExporter as G } from '../metrics/nvidia-gpu-exporter.js';
import { pvemon } from '../metrics/pvemon.js';
import { recordingRules as R } from './names.js';
import { PAGE } from './pages.js';
import { sel } from './promql.js';

export function gpuRecordings(s: Selectors): RecordingRule[] {
  // nvidia_gpu_exporter puts only `uuid` on its series; the model name lives on the info metric.
  const gpuName = `label_replace(${sel(G.gpuInfo, s.gpu)}, "gpu_name", "$1", "name", "(.*)")`;
  const withName = (expr: string): string =>
    `${expr}\n* on (job, instance, uuid) group_left (gpu_name)\n  ${gpuName}`;
  const vgpuOnly = 'vgpu_uuid, vgpu_type, vm_id, vm_name';
  return [
    recordingRule({
      record: R.gpuUtilization,
      expr: withName(sel(G.utilizationGpuRatio, s.gpu)),
      usedBy: ['GpuUtilizationHigh', PAGE.host, PAGE.vm],
    }),
    recordingRule({
      record: R.gpuMemoryUsed,
      expr: withName(`(${sel(G.memoryUsed, s.gpu)} / (${sel(G.memoryTotal, s.gpu)} > 0))`),
      usedBy: [PAGE.host, PAGE.vm],
    }),
    recordingRule({
      record: R.vgpuUtilization,
      expr: sel(pvemon.vgpuGpuUtilization, s.vgpu),
      usedBy: ['GpuUtilizationHigh', PAGE.host, PAGE.compare, PAGE.vm],
    }),
    recordingRule({
      record: R.vgpuFramebufferUsed,
      expr: `${sel(pvemon.vgpuFramebufferUsed, s.vgpu)} / (${sel(pvemon.vgpuFramebufferTotal, s.vgpu)} > 0)`,
      usedBy: [PAGE.host, PAGE.vm],
    }),
    recordingRule({
      record: R.gpuVgpuUtilizationSum,
      // How much of each physical GPU its vGPU guests use together (engine share per instance).
      expr: `sum without (${vgpuOnly}) (${sel(pvemon.vgpuGpuUtilization, s.vgpu)})`,
      usedBy: [PAGE.host],
    }),
  ];
}
