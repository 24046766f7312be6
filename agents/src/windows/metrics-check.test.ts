import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveCollectorPlan } from './collector-plan.js';
import { loadCollectorsTable } from './collectors-table.js';
import { requireVersion } from './exporter-version.js';
import { metricsProblems } from './metrics-check.js';

const table = loadCollectorsTable();
// windows_exporter v0.31.8's own e2e /metrics (UTF-8 with BOM). Upstream strips the sample lines of
// cpu, memory, … families but keeps windows_exporter_collector_success for every collector.
const e2e = readFileSync(
  new URL('../../test/fixtures/windows_exporter-0.31.8-metrics.txt', import.meta.url),
  'utf8',
);
/** One realistic sample per collector series, as a live exporter prints them. */
const samples = [
  'windows_cpu_time_total{core="0,0",mode="idle"} 123456.78',
  'windows_logical_disk_free_bytes{volume="C:"} 5.2e+10',
  'windows_physical_disk_reads_total{disk="0"} 98765',
  'windows_memory_available_bytes 4.1e+09',
  'windows_net_bytes_received_total{nic="Red_Hat_VirtIO_Ethernet_Adapter"} 1.2e+09',
  'windows_os_info{build_number="20348",installation_type="Server",major_version="10",minor_version="0",product="Windows Server 2022 Standard",revision="2700",version="10.0.20348"} 1',
  'windows_system_processor_queue_length 0',
].join('\n');
const plan0318 = resolveCollectorPlan(table, requireVersion('0.31.8')).collectors;

describe('metricsProblems (post-install /metrics check)', () => {
  it('accepts a healthy v0.31.8 exporter running the plan', () => {
    expect(metricsProblems(`${e2e}\n${samples}\n`, plan0318, table)).toEqual([]);
  });

  it('needs real samples, not just HELP/TYPE lines', () => {
    const problems = metricsProblems(e2e, ['cpu', 'pagefile'], table);
    expect(problems).toEqual([
      { collector: 'cpu', problem: 'series windows_cpu_time_total missing', fatal: true },
    ]);
  });

  it('a failing process collector only warns; a failing cpu collector is fatal', () => {
    const broken = `${e2e}\n${samples}\n`
      .replace('{collector="process"} 1', '{collector="process"} 0')
      .replace('{collector="cpu"} 1', '{collector="cpu"} 0');
    expect(metricsProblems(broken, plan0318, table)).toEqual([
      { collector: 'cpu', problem: 'collector not successful', fatal: true },
      { collector: 'process', problem: 'collector not successful', fatal: false },
    ]);
  });

  it('flags a collector the exporter does not run at all (e.g. cs asked of v0.31)', () => {
    expect(metricsProblems(`${e2e}\n${samples}\n`, ['cs'], table)).toEqual([
      { collector: 'cs', problem: 'collector not successful', fatal: true },
    ]);
  });

  it('accepts CRLF line endings and 1.0 values', () => {
    const crlf =
      'windows_exporter_collector_success{collector="system"} 1.0\r\nwindows_system_processor_queue_length 0\r\n';
    expect(metricsProblems(crlf, ['system'], table)).toEqual([]);
  });
});
