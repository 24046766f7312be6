import type { Selectors } from '../config.js';
import { alertSpec, type AlertSpec } from '../dsl/rule.js';
import { nvidiaGpuExporter as G } from '../metrics/nvidia-gpu-exporter.js';
import { pvemon } from '../metrics/pvemon.js';
import { sel } from '../recordings/promql.js';

/** Health of the monitoring path itself: discovery and GPU collection. */
export function pipelineAlerts(s: Selectors): AlertSpec[] {
  return [
    alertSpec({
      alert: 'PvemonSdStale',
      expr: `${sel(pvemon.sdStale, s.sd)} == 1`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'pvemon discovery for cluster {{ $labels.cluster }} serves a stale snapshot',
        description:
          'Refreshes of cluster {{ $labels.cluster }} have failed for 10 minutes; sd-server keeps serving the last good target list, so new, moved or removed guests are not followed.',
      },
      watches: 'sd-server refreshes failing, serving the last good snapshot.',
    }),
    alertSpec({
      alert: 'PvemonSdDiscoveryFailing',
      expr: `time() - ${sel(pvemon.sdLastSuccess, s.sd)} > 3600`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary:
          'pvemon discovery for cluster {{ $labels.cluster }} has not succeeded for {{ $value | humanizeDuration }}',
        description:
          'The last successful refresh of cluster {{ $labels.cluster }} was {{ $value | humanizeDuration }} ago. Targets and the inventory are out of date; check the token and API reachability with `pvemon-sd doctor`.',
      },
      watches: 'No successful sd-server refresh for over 1 h.',
    }),
    alertSpec({
      alert: 'GpuExporterCollectionFailing',
      expr: `${sel(G.lastCollectSuccess, s.gpu)} == 0 or ${sel(pvemon.vgpuScrapeSuccess, s.vgpu)} == 0`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'GPU metrics collection fails on node {{ $labels.node }} (job {{ $labels.job }})',
        description:
          'The exporter at {{ $labels.instance }} answers but nvidia-smi fails for 10 minutes (driver not loaded, GPU fallen off the bus, or exporter lacks device access): GPU and vGPU panels and alerts are blind.',
      },
      watches: 'nvidia_gpu_exporter or vGPU exporter answers but `nvidia-smi` fails.',
    }),
  ];
}
