/**
 * nvidia_gpu_exporter (utkuozdemir) names. `_ratio` series are 0–1 (nvidia-smi's percent divided by
 * 100), every per-GPU series carries only `uuid`; identity lives on `nvidia_smi_gpu_info`.
 */
export const nvidiaGpuExporter = {
  utilizationGpuRatio: 'nvidia_smi_utilization_gpu_ratio',
  memoryUsed: 'nvidia_smi_memory_used_bytes',
  memoryTotal: 'nvidia_smi_memory_total_bytes',
  gpuInfo: 'nvidia_smi_gpu_info',
  lastCollectSuccess: 'nvidia_smi_last_collect_success',
} as const;
