import { sdInventoryMetrics, sdServerMetrics, vgpuMetrics } from '@pvemon/metrics-contract';

/** pvemon's own metrics (sd-server inventory and health, vGPU exporter), named by the contract. */
export const pvemon = {
  guestInfo: sdInventoryMetrics.guestInfo.name,
  guestVcpus: sdInventoryMetrics.guestVcpus.name,
  guestMemoryBytes: sdInventoryMetrics.guestMemoryBytes.name,
  sdLastSuccess: sdServerMetrics.lastSuccess.name,
  sdStale: sdServerMetrics.stale.name,
  vgpuGpuUtilization: vgpuMetrics.gpuUtilization.name,
  vgpuFramebufferUsed: vgpuMetrics.framebufferUsedBytes.name,
  vgpuFramebufferTotal: vgpuMetrics.framebufferTotalBytes.name,
  vgpuScrapeSuccess: vgpuMetrics.scrapeSuccess.name,
} as const;
