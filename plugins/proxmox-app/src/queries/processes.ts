import type { JobNames } from '@pvemon/rules';
import { guestJobs, m, sel } from './matchers';
import { instantQuery, type PanelQuery } from './types';

/**
 * Top processes of one guest. Windows: windows_exporter's `process` collector; Linux: the usual
 * equivalent, ncabatoff/process-exporter (`namedprocess_namegroup_*`, scraped in the guest job).
 * Both are renamed to a `process` label so the table has one column for either OS.
 */
export const PROCESS_METRICS = {
  windowsCpu: 'windows_process_cpu_time_total',
  windowsMemory: 'windows_process_working_set_private_bytes',
  linuxCpu: 'namedprocess_namegroup_cpu_seconds_total',
  linuxMemory: 'namedprocess_namegroup_memory_bytes',
} as const;

export const TOP_PROCESSES = 15;

export function processQueries(jobs: JobNames, vmId: string): PanelQuery[] {
  const s = [guestJobs(jobs), m.vmIs(vmId)];
  const asProcess = (expr: string) => `label_replace(${expr}, "process", "$1", "groupname", "(.+)")`;
  const cpu = `sum by (process) (rate(${sel(PROCESS_METRICS.windowsCpu, ...s)}[5m]))
or sum by (process) (${asProcess(`rate(${sel(PROCESS_METRICS.linuxCpu, ...s)}[5m])`)})`;
  const memory = `sum by (process) (${sel(PROCESS_METRICS.windowsMemory, ...s)})
or sum by (process) (${asProcess(sel(PROCESS_METRICS.linuxMemory, ...s, 'memtype="resident"'))})`;
  return [
    instantQuery('cpu', `topk(${TOP_PROCESSES}, ${cpu})`),
    instantQuery('memory', `topk(${TOP_PROCESSES}, ${memory})`),
  ];
}
