// windows_exporter v0.31 emulation (collectors cpu, memory, logical_disk, physical_disk, net,
// os, system, process, pagefile, service). Families and TYPEs follow the v0.31.8 e2e output,
// label names the code/docs of v0.31.8; values come from the load model. Windows has no steal
// or iowait mode: time the vCPU could not run shows up as idle, like on real Hyper-V/KVM guests.
import { guestMac } from '../model/address-plan.js';
import type { GuestModel } from '../model/types.js';
import { G } from '../load/load-model.js';
import type { LoadModel } from '../load/load-model.js';
import { windowsExporterRecordedCatalog } from './catalog/windows-exporter.generated.js';
import { windowsProcessCatalog } from './catalog/windows-process.js';
import { Exposition } from './exposition.js';
import type { Catalog } from './exposition.js';

export const windowsExporterCatalog: Catalog = {
  ...windowsExporterRecordedCatalog,
  ...windowsProcessCatalog,
};

export const WINDOWS_COLLECTORS = [
  'cpu',
  'logical_disk',
  'memory',
  'net',
  'os',
  'pagefile',
  'physical_disk',
  'process',
  'service',
  'system',
] as const;

const SERVICE_STATES = [
  'continue pending',
  'pause pending',
  'paused',
  'running',
  'start pending',
  'stop pending',
  'stopped',
  'unknown',
];
const START_MODES = ['auto', 'boot', 'disabled', 'manual', 'system'];
const GIB = 2 ** 30;
const NIC = 'Red Hat VirtIO Ethernet Adapter';

function product(g: GuestModel): { product: string; build: string; type: string } {
  if (g.ostype === 'win11') return { product: 'Windows 11 Pro', build: '26100', type: 'Client' };
  if (g.ostype === 'win8') {
    return { product: 'Windows Server 2012 R2 Standard', build: '9600', type: 'Server' };
  }
  return { product: 'Windows Server 2022 Standard', build: '20348', type: 'Server' };
}

export function renderWindowsExporter(load: LoadModel, g: GuestModel, t: number): string {
  const e = new Exposition(windowsExporterCatalog);
  const c = load.guestCounters(g, t);
  const gauges = load.guestGauges(g, t);
  const rates = load.guestRates(g, t);
  const ncpu = load.vcpus(g);
  const busy =
    (c[G.user] ?? 0) +
    (c[G.system] ?? 0) +
    (c[G.nice] ?? 0) +
    (c[G.irq] ?? 0) +
    (c[G.softirq] ?? 0);
  const uptime = Math.max(1, t - g.startedAt);
  const r2 = (v: number): number => Math.round(v * 100) / 100;

  for (let i = 0; i < ncpu; i++) {
    const core = `0,${i}`;
    e.add('windows_cpu_clock_interrupts_total', { core }, Math.floor(uptime * 64));
    e.add('windows_cpu_core_frequency_mhz', { core }, 2800);
    for (const [state, f] of [
      ['c1', 0.9],
      ['c2', 0],
      ['c3', 0],
    ] as const) {
      e.add('windows_cpu_cstate_seconds_total', { core, state }, r2((c[G.idle] ?? 0) * f));
    }
    e.add('windows_cpu_dpcs_total', { core }, Math.floor((c[G.intr] ?? 0) / ncpu / 10));
    e.add('windows_cpu_idle_break_events_total', { core }, Math.floor(uptime * 100));
    e.add('windows_cpu_interrupts_total', { core }, Math.floor((c[G.intr] ?? 0) / ncpu));
    e.add('windows_cpu_parking_status', { core }, 0);
    e.add('windows_cpu_processor_mperf_total', { core }, Math.floor(busy * 100));
    e.add('windows_cpu_processor_performance_total', { core }, Math.floor(busy * 100));
    e.add(
      'windows_cpu_processor_privileged_utility_total',
      { core },
      Math.floor((c[G.system] ?? 0) * 100),
    );
    e.add('windows_cpu_processor_rtc_total', { core }, Math.floor(uptime * 100));
    e.add('windows_cpu_processor_utility_total', { core }, Math.floor(busy * 100));
    const idle = uptime - busy;
    e.add('windows_cpu_time_total', { core, mode: 'dpc' }, r2((c[G.softirq] ?? 0) * 0.5));
    e.add('windows_cpu_time_total', { core, mode: 'idle' }, r2(Math.max(0, idle)));
    e.add('windows_cpu_time_total', { core, mode: 'interrupt' }, r2(c[G.irq] ?? 0));
    e.add(
      'windows_cpu_time_total',
      { core, mode: 'privileged' },
      r2((c[G.system] ?? 0) + (c[G.irq] ?? 0) + (c[G.softirq] ?? 0)),
    );
    e.add(
      'windows_cpu_time_total',
      { core, mode: 'user' },
      r2((c[G.user] ?? 0) + (c[G.nice] ?? 0)),
    );
  }
  e.add('windows_cpu_logical_processor', undefined, ncpu);

  const collectors = WINDOWS_COLLECTORS;
  e.add(
    'windows_exporter_build_info',
    {
      branch: 'HEAD',
      goarch: 'amd64',
      goos: 'windows',
      goversion: 'go1.24.5',
      revision: 'c73b596c',
      tags: 'unknown',
      version: '0.31.8',
    },
    1,
  );
  for (const col of collectors)
    e.add('windows_exporter_collector_duration_seconds', { collector: col }, 0.01);
  for (const col of collectors) e.add('windows_exporter_collector_success', { collector: col }, 1);
  for (const col of collectors) e.add('windows_exporter_collector_timeout', { collector: col }, 0);
  e.add('windows_exporter_scrape_duration_seconds', undefined, 0.05);

  const size = g.diskGiB * GIB - 600 * 2 ** 20;
  const volumes = [
    { volume: 'C:', size, used: gauges.diskUsed, share: 1 },
    { volume: 'HarddiskVolume1', size: 600 * 2 ** 20, used: 0.6, share: 0 },
  ];
  for (const v of volumes) {
    e.add('windows_logical_disk_avg_read_requests_queued', { volume: v.volume }, 0);
    e.add('windows_logical_disk_avg_write_requests_queued', { volume: v.volume }, 0);
    e.add(
      'windows_logical_disk_free_bytes',
      { volume: v.volume },
      Math.floor(v.size * (1 - v.used)),
    );
    e.add(
      'windows_logical_disk_idle_seconds_total',
      { volume: v.volume },
      r2(uptime - (c[G.ioTime] ?? 0) * v.share),
    );
    e.add(
      'windows_logical_disk_info',
      {
        disk: '0',
        filesystem: 'NTFS',
        serial_number: '',
        type: 'fixed',
        volume: v.volume,
        volume_name: v.share ? 'System' : 'Recovery',
      },
      1,
    );
    e.add(
      'windows_logical_disk_read_bytes_total',
      { volume: v.volume },
      Math.floor((c[G.readBytes] ?? 0) * v.share),
    );
    e.add(
      'windows_logical_disk_read_latency_seconds_total',
      { volume: v.volume },
      r2((c[G.readTime] ?? 0) * v.share),
    );
    e.add(
      'windows_logical_disk_read_seconds_total',
      { volume: v.volume },
      r2((c[G.readTime] ?? 0) * v.share),
    );
    e.add(
      'windows_logical_disk_read_write_latency_seconds_total',
      { volume: v.volume },
      r2(((c[G.readTime] ?? 0) + (c[G.writeTime] ?? 0)) * v.share),
    );
    e.add(
      'windows_logical_disk_reads_total',
      { volume: v.volume },
      Math.floor((c[G.reads] ?? 0) * v.share),
    );
    e.add('windows_logical_disk_requests_queued', { volume: v.volume }, 0);
    e.add('windows_logical_disk_size_bytes', { volume: v.volume }, v.size);
    e.add('windows_logical_disk_split_ios_total', { volume: v.volume }, 0);
    e.add(
      'windows_logical_disk_write_bytes_total',
      { volume: v.volume },
      Math.floor((c[G.writeBytes] ?? 0) * v.share),
    );
    e.add(
      'windows_logical_disk_write_latency_seconds_total',
      { volume: v.volume },
      r2((c[G.writeTime] ?? 0) * v.share),
    );
    e.add(
      'windows_logical_disk_write_seconds_total',
      { volume: v.volume },
      r2((c[G.writeTime] ?? 0) * v.share),
    );
    e.add(
      'windows_logical_disk_writes_total',
      { volume: v.volume },
      Math.floor((c[G.writes] ?? 0) * v.share),
    );
  }

  const disk = { disk: '0' };
  e.add('windows_physical_disk_idle_seconds_total', disk, r2(uptime - (c[G.ioTime] ?? 0)));
  e.add('windows_physical_disk_read_bytes_total', disk, Math.floor(c[G.readBytes] ?? 0));
  e.add('windows_physical_disk_read_latency_seconds_total', disk, r2(c[G.readTime] ?? 0));
  e.add('windows_physical_disk_read_seconds_total', disk, r2(c[G.readTime] ?? 0));
  e.add(
    'windows_physical_disk_read_write_latency_seconds_total',
    disk,
    r2((c[G.readTime] ?? 0) + (c[G.writeTime] ?? 0)),
  );
  e.add('windows_physical_disk_reads_total', disk, Math.floor(c[G.reads] ?? 0));
  e.add('windows_physical_disk_requests_queued', disk, 0);
  e.add('windows_physical_disk_split_ios_total', disk, 0);
  e.add('windows_physical_disk_write_bytes_total', disk, Math.floor(c[G.writeBytes] ?? 0));
  e.add('windows_physical_disk_write_latency_seconds_total', disk, r2(c[G.writeTime] ?? 0));
  e.add('windows_physical_disk_write_seconds_total', disk, r2(c[G.writeTime] ?? 0));
  e.add('windows_physical_disk_writes_total', disk, Math.floor(c[G.writes] ?? 0));

  const total = gauges.memTotal;
  const avail = total - gauges.memUsed;
  const pagefileLimit = Math.min(4 * GIB, total);
  const swapIn = c[G.pswpin] ?? 0;
  const swapOut = c[G.pswpout] ?? 0;
  const mem: [string, number][] = [
    ['windows_memory_available_bytes', avail],
    ['windows_memory_cache_bytes', Math.floor(avail * 0.3)],
    ['windows_memory_cache_bytes_peak', Math.floor(avail * 0.4)],
    ['windows_memory_cache_faults_total', Math.floor((c[G.pgfault] ?? 0) * 0.2)],
    ['windows_memory_commit_limit', total + pagefileLimit],
    ['windows_memory_committed_bytes', Math.floor(gauges.memUsed * 1.2)],
    ['windows_memory_demand_zero_faults_total', Math.floor((c[G.pgfault] ?? 0) * 0.5)],
    ['windows_memory_free_and_zero_page_list_bytes', Math.floor(avail * 0.2)],
    ['windows_memory_free_system_page_table_entries', 12_000_000],
    ['windows_memory_modified_page_list_bytes', 50 * 2 ** 20],
    ['windows_memory_page_faults_total', Math.floor(c[G.pgfault] ?? 0)],
    ['windows_memory_physical_free_bytes', avail],
    ['windows_memory_physical_total_bytes', total],
    ['windows_memory_pool_nonpaged_allocs_total', 0],
    ['windows_memory_pool_nonpaged_bytes', 300 * 2 ** 20],
    ['windows_memory_pool_paged_allocs_total', 0],
    ['windows_memory_pool_paged_bytes', 400 * 2 ** 20],
    ['windows_memory_pool_paged_resident_bytes', 350 * 2 ** 20],
    ['windows_memory_process_memory_limit_bytes', 140 * 2 ** 40],
    ['windows_memory_standby_cache_core_bytes', 20 * 2 ** 20],
    ['windows_memory_standby_cache_normal_priority_bytes', Math.floor(avail * 0.5)],
    ['windows_memory_standby_cache_reserve_bytes', Math.floor(avail * 0.1)],
    // Paging in Windows includes memory-mapped files, so these never stand still entirely.
    ['windows_memory_swap_page_operations_total', Math.floor(swapIn + swapOut + uptime * 2)],
    ['windows_memory_swap_page_reads_total', Math.floor(swapIn / 8 + uptime * 0.1)],
    ['windows_memory_swap_page_writes_total', Math.floor(swapOut / 8)],
    ['windows_memory_swap_pages_read_total', Math.floor(swapIn + uptime * 2)],
    ['windows_memory_swap_pages_written_total', Math.floor(swapOut)],
    ['windows_memory_system_cache_resident_bytes', 100 * 2 ** 20],
    ['windows_memory_system_code_resident_bytes', 0],
    ['windows_memory_system_code_total_bytes', 0],
    ['windows_memory_system_driver_resident_bytes', 20 * 2 ** 20],
    ['windows_memory_system_driver_total_bytes', 30 * 2 ** 20],
    ['windows_memory_transition_faults_total', Math.floor((c[G.pgfault] ?? 0) * 0.1)],
    ['windows_memory_transition_pages_repurposed_total', 0],
    ['windows_memory_write_copies_total', Math.floor(uptime * 3)],
  ];
  for (const [name, value] of mem) e.add(name, undefined, value);

  const nic = { nic: NIC };
  const rx = Math.floor(c[G.rxBytes] ?? 0);
  const tx = Math.floor(c[G.txBytes] ?? 0);
  const rxp = Math.floor(c[G.rxPackets] ?? 0);
  const txp = Math.floor(c[G.txPackets] ?? 0);
  e.add('windows_net_bytes_received_total', nic, rx);
  e.add('windows_net_bytes_sent_total', nic, tx);
  e.add('windows_net_bytes_total', nic, rx + tx);
  e.add('windows_net_current_bandwidth_bytes', nic, 1_250_000_000);
  e.add('windows_net_nic_address_info', { nic: NIC, address: g.address, family: 'ipv4' }, 1);
  e.add('windows_net_nic_info', { nic: NIC, friendly_name: 'Ethernet', mac: guestMac(g.vmid) }, 1);
  e.add('windows_net_nic_operation_status', { nic: NIC, status: 'up' }, 1);
  e.add('windows_net_output_queue_length_packets', nic, 0);
  e.add('windows_net_packets_outbound_discarded_total', nic, Math.floor(c[G.txDrop] ?? 0));
  e.add('windows_net_packets_outbound_errors_total', nic, 0);
  e.add('windows_net_packets_received_discarded_total', nic, Math.floor(c[G.rxDrop] ?? 0));
  e.add('windows_net_packets_received_errors_total', nic, 0);
  e.add('windows_net_packets_received_total', nic, rxp);
  e.add('windows_net_packets_received_unknown_total', nic, 0);
  e.add('windows_net_packets_sent_total', nic, txp);
  e.add('windows_net_packets_total', nic, rxp + txp);

  const host = g.name ?? `VM${g.vmid}`;
  const hostname = host
    .replace(/[^A-Za-z0-9-]/g, '-')
    .slice(0, 15)
    .toUpperCase();
  const p = product(g);
  e.add('windows_os_hostname', { domain: 'WORKGROUP', fqdn: hostname, hostname }, 1);
  e.add(
    'windows_os_info',
    {
      build_number: p.build,
      installation_type: p.type,
      major_version: '10',
      minor_version: '0',
      product: p.product,
      revision: '2849',
      version: `10.0.${p.build}`,
    },
    1,
  );

  const pagefile = { file: 'C:\\pagefile.sys' };
  const swapping = load.scenarios.onGuestOnly('swapping', g.vmid);
  e.add(
    'windows_pagefile_free_bytes',
    pagefile,
    Math.floor(pagefileLimit * (swapping ? 0.3 : 0.9)),
  );
  e.add('windows_pagefile_limit_bytes', pagefile, pagefileLimit);

  const processes = [
    { process: 'System', pid: 4, share: 0.05 },
    { process: 'svchost', pid: 912, share: 0.1 },
    { process: 'windows_exporter', pid: 3120, share: 0.01 },
    { process: workload(load, g), pid: 4470, share: 0.8 },
  ];
  for (const pr of processes) {
    const l = { process: pr.process, process_id: String(pr.pid) };
    e.add(
      'windows_process_cpu_time_total',
      { ...l, mode: 'privileged' },
      r2((c[G.system] ?? 0) * ncpu * pr.share),
    );
    e.add(
      'windows_process_cpu_time_total',
      { ...l, mode: 'user' },
      r2((c[G.user] ?? 0) * ncpu * pr.share),
    );
    e.add('windows_process_handles', l, 400 + (pr.pid % 900));
    e.add(
      'windows_process_info',
      {
        ...l,
        creating_process_id: pr.pid === 4 ? '0' : '680',
        process_group_id: '0',
        owner: pr.pid === 4 ? 'NT AUTHORITY\\SYSTEM' : 'NT AUTHORITY\\NETWORK SERVICE',
        cmdline: pr.process === 'System' ? '' : `C:\\Windows\\system32\\${pr.process}.exe`,
      },
      1,
    );
    for (const mode of ['other', 'read', 'write'] as const) {
      const b =
        mode === 'read'
          ? (c[G.readBytes] ?? 0)
          : mode === 'write'
            ? (c[G.writeBytes] ?? 0)
            : uptime * 100;
      e.add('windows_process_io_bytes_total', { ...l, mode }, Math.floor(b * pr.share));
      e.add(
        'windows_process_io_operations_total',
        { ...l, mode },
        Math.floor((b / 16384) * pr.share),
      );
    }
    e.add('windows_process_page_faults_total', l, Math.floor((c[G.pgfault] ?? 0) * pr.share));
    e.add('windows_process_private_bytes', l, Math.floor(gauges.memUsed * pr.share * 0.5));
    e.add('windows_process_start_time_seconds_timestamp', l, g.startedAt + (pr.pid % 60));
    e.add('windows_process_threads', l, 10 + (pr.pid % 50));
    e.add('windows_process_virtual_bytes', l, Math.floor(gauges.memUsed * pr.share * 3));
    e.add('windows_process_working_set_bytes', l, Math.floor(gauges.memUsed * pr.share * 0.6));
    e.add(
      'windows_process_working_set_private_bytes',
      l,
      Math.floor(gauges.memUsed * pr.share * 0.4),
    );
  }

  const services = [
    {
      name: 'windows_exporter',
      display: 'windows_exporter',
      path: '"C:\\Program Files\\windows_exporter\\windows_exporter.exe" --log.file eventlog',
      runAs: 'LocalSystem',
      mode: 'auto',
      state: 'running',
      pid: 3120,
    },
    {
      name: 'WinRM',
      display: 'Windows Remote Management (WS-Management)',
      path: 'C:\\Windows\\System32\\svchost.exe -k NetworkService -p',
      runAs: 'NT AUTHORITY\\NetworkService',
      mode: 'auto',
      state: 'running',
      pid: 912,
    },
    {
      name: 'Spooler',
      display: 'Print Spooler',
      path: 'C:\\Windows\\System32\\spoolsv.exe',
      runAs: 'LocalSystem',
      mode: 'manual',
      state: 'stopped',
      pid: 0,
    },
    {
      name: 'QEMU-GA',
      display: 'QEMU Guest Agent',
      path: '"C:\\Program Files\\Qemu-ga\\qemu-ga.exe" -d --retry-path',
      runAs: 'LocalSystem',
      mode: 'auto',
      state: g.agentInstalled ? 'running' : 'stopped',
      pid: g.agentInstalled ? 2204 : 0,
    },
  ];
  for (const s of services)
    e.add(
      'windows_service_info',
      { name: s.name, display_name: s.display, path_name: s.path, run_as: s.runAs },
      1,
    );
  for (const s of services)
    if (s.pid) e.add('windows_service_process', { name: s.name, process_id: String(s.pid) }, 1);
  for (const s of services)
    for (const m of START_MODES)
      e.add('windows_service_start_mode', { name: s.name, start_mode: m }, m === s.mode ? 1 : 0);
  for (const s of services)
    for (const st of SERVICE_STATES)
      e.add('windows_service_state', { name: s.name, state: st }, st === s.state ? 1 : 0);

  e.add('windows_system_boot_time_timestamp', undefined, g.startedAt);
  e.add('windows_system_context_switches_total', undefined, Math.floor(c[G.ctxt] ?? 0));
  e.add('windows_system_exception_dispatches_total', undefined, Math.floor(uptime * 2));
  e.add('windows_system_processes', undefined, 120);
  e.add('windows_system_processes_limit', undefined, 4_294_967_295);
  e.add(
    'windows_system_processor_queue_length',
    undefined,
    Math.max(0, Math.round(((rates[G.busy] ?? 0) - ncpu * 0.9) * 4)),
  );
  e.add('windows_system_system_calls_total', undefined, Math.floor((c[G.ctxt] ?? 0) * 5));
  e.add('windows_system_threads', undefined, 1500);
  return e.toString();
}

function workload(load: LoadModel, g: GuestModel): string {
  switch (load.profile(g).personality) {
    case 'database':
      return 'sqlservr';
    case 'web':
      return 'w3wp';
    case 'gpu-render':
      return 'blender';
    default:
      return 'MsMpEng';
  }
}
