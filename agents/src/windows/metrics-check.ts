// Mirror of Get-MetricsProblems in Install-WindowsExporter.ps1: after the install, every enabled
// collector must report windows_exporter_collector_success 1 and, where collectors.json names a
// series, expose it. The MSI reports success even when the service crash-loops, so this is the proof.
import type { CollectorsTable } from './collectors-table.js';

export interface MetricsProblem {
  collector: string;
  problem: string;
  fatal: boolean;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function metricsProblems(
  metrics: string,
  collectors: readonly string[],
  table: CollectorsTable,
): MetricsProblem[] {
  const problems: MetricsProblem[] = [];
  for (const collector of collectors) {
    const info = table.collectors[collector];
    const fatal = info?.verifyWarnOnly !== true;
    const success = new RegExp(
      `^windows_exporter_collector_success\\{collector="${escape(collector)}"\\} 1(\\.0+)?\\r?$`,
      'm',
    );
    if (!success.test(metrics)) {
      problems.push({ collector, problem: 'collector not successful', fatal });
      continue;
    }
    if (info?.series && !new RegExp(`^${escape(info.series)}[ {]`, 'm').test(metrics))
      problems.push({ collector, problem: `series ${info.series} missing`, fatal });
  }
  return problems;
}
