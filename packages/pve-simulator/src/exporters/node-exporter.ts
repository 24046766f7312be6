// node_exporter emulation: a Linux guest (qemu or LXC) and a Proxmox VE host. Families, types
// and label names follow the recorded outputs of node_exporter 1.5.0 and 1.12.1
// (test/fixtures/exporters); values come from the load model.
import { guestMac } from '../model/address-plan.js';
import type { GuestModel, NodeModel } from '../model/types.js';
import { G, N } from '../load/load-model.js';
import type { LoadModel } from '../load/load-model.js';
import { nodeExporterRecordedCatalog } from './catalog/node-exporter.generated.js';
import { nodeExporterExtraCatalog } from './catalog/node-exporter.extra.js';
import { Exposition } from './exposition.js';
import type { Catalog } from './exposition.js';

export type NodeExporterVersion = '1.5.0' | '1.12.1';

export const nodeExporterCatalog: Catalog = {
  ...nodeExporterRecordedCatalog,
  ...nodeExporterExtraCatalog,
};

const CPU_MODES = ['idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user'] as const;
const MODE_SLOT = {
  idle: 'idle',
  iowait: 'iowait',
  irq: 'irq',
  nice: 'nice',
  softirq: 'softirq',
  steal: 'steal',
  system: 'system',
  user: 'user',
} as const;

const GIB = 2 ** 30;

interface Iface {
  device: string;
  rx: number;
  tx: number;
  rxp: number;
  txp: number;
  rxd: number;
  txd: number;
  mtu: number;
  speed: number;
  mac: string;
}

interface Disk {
  device: string;
  major: number;
  minor: number;
  c: Float64Array;
  /** Slot indices into `c` for reads, writes, rbytes, wbytes, rtime, wtime, iotime, weighted. */
  s: readonly number[];
  scale: number;
}

interface Fs {
  device: string;
  fstype: string;
  mountpoint: string;
  size: number;
  usedFraction: number;
}

interface CommonInput {
  version: NodeExporterVersion;
  t: number;
  bootTime: number;
  hostname: string;
  release: string;
  osPretty: string;
  osId: string;
  osVersionId: string;
  osCodename: string;
  ncpu: number;
  cpuSeconds: (mode: (typeof CPU_MODES)[number]) => number;
  guestSeconds?: number;
  memTotal: number;
  memUsed: number;
  swapTotal: number;
  swapFree: number;
  load1: number;
  vmstat: {
    pswpin: number;
    pswpout: number;
    pgpgin: number;
    pgpgout: number;
    pgfault: number;
    pgmajfault: number;
  };
  ctxt: number;
  intr: number;
  forks: number;
  disks: Disk[];
  mapper: { device: string; name: string; uuid: string; vg: string; lv: string; layer: string }[];
  ifaces: Iface[];
  fs: Fs[];
  psi?: {
    cpu: number;
    ioWait: number;
    ioStall: number;
    memWait: number;
    memStall: number;
    irq: number;
  };
  zfs?: { size: number; max: number; hits: number; misses: number };
  collectors: string[];
}

function render(x: CommonInput): string {
  const e = new Exposition(nodeExporterCatalog);
  const v112 = x.version === '1.12.1';
  e.add('node_boot_time_seconds', undefined, x.bootTime);
  e.add('node_context_switches_total', undefined, Math.floor(x.ctxt));
  for (let cpu = 0; cpu < x.ncpu; cpu++) {
    for (const mode of CPU_MODES) {
      e.add('node_cpu_seconds_total', { cpu, mode }, round2(x.cpuSeconds(MODE_SLOT[mode])));
    }
  }
  for (let cpu = 0; cpu < x.ncpu; cpu++) {
    e.add('node_cpu_guest_seconds_total', { cpu, mode: 'nice' }, 0);
    e.add('node_cpu_guest_seconds_total', { cpu, mode: 'user' }, round2(x.guestSeconds ?? 0));
  }
  for (let cpu = 0; cpu < x.ncpu; cpu++) {
    e.add(
      'node_cpu_info',
      {
        cachesize: '32768 KB',
        core: cpu,
        cpu,
        family: '25',
        microcode: '0xa0011d1',
        model: '1',
        model_name: 'AMD EPYC 7543 32-Core Processor',
        package: 0,
        stepping: '1',
        vendor: 'AuthenticAMD',
      },
      1,
    );
  }
  for (const d of x.disks) {
    const [r, w, rb, wb, rt, wt, io, iw] = d.s.map((i) => (d.c[i] ?? 0) * d.scale);
    e.add('node_disk_reads_completed_total', { device: d.device }, Math.floor(r ?? 0));
    e.add('node_disk_writes_completed_total', { device: d.device }, Math.floor(w ?? 0));
    e.add('node_disk_reads_merged_total', { device: d.device }, Math.floor((r ?? 0) * 0.05));
    e.add('node_disk_writes_merged_total', { device: d.device }, Math.floor((w ?? 0) * 0.2));
    e.add('node_disk_read_bytes_total', { device: d.device }, Math.floor((rb ?? 0) / 512) * 512);
    e.add('node_disk_written_bytes_total', { device: d.device }, Math.floor((wb ?? 0) / 512) * 512);
    e.add('node_disk_read_time_seconds_total', { device: d.device }, round3(rt ?? 0));
    e.add('node_disk_write_time_seconds_total', { device: d.device }, round3(wt ?? 0));
    e.add('node_disk_io_time_seconds_total', { device: d.device }, round3(io ?? 0));
    e.add('node_disk_io_time_weighted_seconds_total', { device: d.device }, round3(iw ?? 0));
    e.add('node_disk_io_now', { device: d.device }, 0);
    const info: Record<string, string | number> = {
      device: d.device,
      major: d.major,
      minor: d.minor,
      model: '',
      path: '',
      revision: '',
    };
    if (v112) info.rotational = '0';
    info.serial = '';
    info.wwn = '';
    e.add('node_disk_info', info, 1);
  }
  for (const m of x.mapper) {
    e.add(
      'node_disk_device_mapper_info',
      {
        device: m.device,
        lv_layer: m.layer,
        lv_name: m.lv,
        name: m.name,
        uuid: m.uuid,
        vg_name: m.vg,
      },
      1,
    );
  }
  e.add('node_entropy_available_bits', undefined, 256);
  e.add(
    'node_exporter_build_info',
    {
      branch: v112 ? 'HEAD' : 'debian/sid',
      goarch: 'amd64',
      goos: 'linux',
      goversion: v112 ? 'go1.25.5' : 'go1.19.8',
      revision: v112 ? '6044da78' : '1.5.0-1+b6',
      tags: v112 ? 'unknown' : 'netgo osusergo static_build',
      version: x.version,
    },
    1,
  );
  for (const f of x.fs) {
    const l = { device: f.device, fstype: f.fstype, mountpoint: f.mountpoint };
    const free = Math.floor(f.size * (1 - f.usedFraction));
    e.add('node_filesystem_avail_bytes', l, Math.max(0, free - Math.floor(f.size * 0.05)));
    e.add('node_filesystem_device_error', l, 0);
    e.add('node_filesystem_files', l, Math.floor(f.size / 16384));
    e.add('node_filesystem_files_free', l, Math.floor((f.size / 16384) * (1 - f.usedFraction / 2)));
    e.add('node_filesystem_free_bytes', l, free);
    e.add('node_filesystem_readonly', l, 0);
    e.add('node_filesystem_size_bytes', l, f.size);
  }
  e.add('node_forks_total', undefined, Math.floor(x.forks));
  e.add('node_intr_total', undefined, Math.floor(x.intr));
  e.add('node_load1', undefined, round2(x.load1));
  e.add('node_load5', undefined, round2(x.load1 * 0.95));
  e.add('node_load15', undefined, round2(x.load1 * 0.9));
  const free = Math.max(0, x.memTotal - x.memUsed);
  const cached = Math.floor(free * 0.5);
  e.add('node_memory_Active_bytes', undefined, Math.floor(x.memUsed * 0.6));
  e.add('node_memory_Buffers_bytes', undefined, Math.floor(free * 0.05));
  e.add('node_memory_Cached_bytes', undefined, cached);
  e.add('node_memory_CommitLimit_bytes', undefined, Math.floor(x.memTotal / 2 + x.swapTotal));
  e.add('node_memory_Committed_AS_bytes', undefined, Math.floor(x.memUsed * 1.3));
  e.add('node_memory_Dirty_bytes', undefined, 4096 * 37);
  e.add('node_memory_Inactive_bytes', undefined, Math.floor(x.memUsed * 0.3 + cached * 0.5));
  e.add('node_memory_MemAvailable_bytes', undefined, free);
  e.add('node_memory_MemFree_bytes', undefined, Math.floor(free * 0.4));
  e.add('node_memory_MemTotal_bytes', undefined, x.memTotal);
  e.add('node_memory_Shmem_bytes', undefined, Math.floor(x.memTotal * 0.01));
  e.add('node_memory_Slab_bytes', undefined, Math.floor(x.memTotal * 0.02));
  e.add('node_memory_SwapCached_bytes', undefined, Math.floor((x.swapTotal - x.swapFree) * 0.05));
  e.add('node_memory_SwapFree_bytes', undefined, x.swapFree);
  e.add('node_memory_SwapTotal_bytes', undefined, x.swapTotal);
  for (const i of x.ifaces) {
    const info: Record<string, string> = { address: i.mac.toLowerCase() };
    if (v112) info.adminstate = 'up';
    Object.assign(info, {
      broadcast: 'ff:ff:ff:ff:ff:ff',
      device: i.device,
      duplex: i.speed ? 'full' : '',
      ifalias: '',
      operstate: 'up',
    });
    e.add('node_network_info', info, 1);
  }
  for (const i of x.ifaces) e.add('node_network_mtu_bytes', { device: i.device }, i.mtu);
  for (const i of x.ifaces)
    e.add('node_network_receive_bytes_total', { device: i.device }, Math.floor(i.rx));
  for (const i of x.ifaces)
    e.add('node_network_receive_drop_total', { device: i.device }, Math.floor(i.rxd));
  for (const i of x.ifaces) e.add('node_network_receive_errs_total', { device: i.device }, 0);
  for (const i of x.ifaces)
    e.add('node_network_receive_packets_total', { device: i.device }, Math.floor(i.rxp));
  for (const i of x.ifaces)
    if (i.speed) e.add('node_network_speed_bytes', { device: i.device }, i.speed);
  for (const i of x.ifaces)
    e.add('node_network_transmit_bytes_total', { device: i.device }, Math.floor(i.tx));
  for (const i of x.ifaces)
    e.add('node_network_transmit_drop_total', { device: i.device }, Math.floor(i.txd));
  for (const i of x.ifaces) e.add('node_network_transmit_errs_total', { device: i.device }, 0);
  for (const i of x.ifaces)
    e.add('node_network_transmit_packets_total', { device: i.device }, Math.floor(i.txp));
  for (const i of x.ifaces) e.add('node_network_up', { device: i.device }, 1);
  e.add(
    'node_os_info',
    {
      build_id: '',
      id: x.osId,
      id_like: '',
      image_id: '',
      image_version: '',
      name: x.osPretty.split(' ')[0] ?? x.osId,
      pretty_name: x.osPretty,
      variant: '',
      variant_id: '',
      version: `${x.osVersionId} (${x.osCodename})`,
      version_codename: x.osCodename,
      version_id: x.osVersionId,
    },
    1,
  );
  if (x.psi) {
    e.add('node_pressure_cpu_waiting_seconds_total', undefined, round3(x.psi.cpu));
    e.add('node_pressure_io_stalled_seconds_total', undefined, round3(x.psi.ioStall));
    e.add('node_pressure_io_waiting_seconds_total', undefined, round3(x.psi.ioWait));
    if (v112) e.add('node_pressure_irq_stalled_seconds_total', undefined, round3(x.psi.irq));
    e.add('node_pressure_memory_stalled_seconds_total', undefined, round3(x.psi.memStall));
    e.add('node_pressure_memory_waiting_seconds_total', undefined, round3(x.psi.memWait));
  }
  e.add('node_procs_blocked', undefined, 0);
  e.add('node_procs_running', undefined, Math.max(1, Math.round(x.load1)));
  for (const c of x.collectors)
    e.add('node_scrape_collector_duration_seconds', { collector: c }, 0.0002);
  for (const c of x.collectors) e.add('node_scrape_collector_success', { collector: c }, 1);
  e.add('node_textfile_scrape_error', undefined, 0);
  e.add('node_time_seconds', undefined, round3(x.t));
  e.add('node_timex_offset_seconds', undefined, 0.000012);
  e.add('node_timex_sync_status', undefined, 1);
  e.add(
    'node_uname_info',
    {
      domainname: '(none)',
      machine: 'x86_64',
      nodename: x.hostname,
      release: x.release,
      sysname: 'Linux',
      version: '#1 SMP PREEMPT_DYNAMIC',
    },
    1,
  );
  e.add('node_vmstat_oom_kill', undefined, 0);
  e.add('node_vmstat_pgfault', undefined, Math.floor(x.vmstat.pgfault));
  e.add('node_vmstat_pgmajfault', undefined, Math.floor(x.vmstat.pgmajfault));
  e.add('node_vmstat_pgpgin', undefined, Math.floor(x.vmstat.pgpgin));
  e.add('node_vmstat_pgpgout', undefined, Math.floor(x.vmstat.pgpgout));
  e.add('node_vmstat_pswpin', undefined, Math.floor(x.vmstat.pswpin));
  e.add('node_vmstat_pswpout', undefined, Math.floor(x.vmstat.pswpout));
  if (x.zfs) {
    e.add('node_zfs_arc_c', undefined, x.zfs.max);
    e.add('node_zfs_arc_c_max', undefined, x.zfs.max);
    e.add('node_zfs_arc_c_min', undefined, Math.floor(x.zfs.max / 32));
    e.add('node_zfs_arc_hits', undefined, Math.floor(x.zfs.hits));
    if (v112)
      e.add(
        'node_zfs_arc_memory_available_bytes',
        undefined,
        Math.floor((x.memTotal - x.memUsed) / 2),
      );
    e.add('node_zfs_arc_mfu_size', undefined, Math.floor(x.zfs.size * 0.6));
    e.add('node_zfs_arc_misses', undefined, Math.floor(x.zfs.misses));
    e.add('node_zfs_arc_mru_size', undefined, Math.floor(x.zfs.size * 0.3));
    e.add('node_zfs_arc_size', undefined, x.zfs.size);
  }
  return e.toString();
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
const round3 = (v: number): number => Math.round(v * 1000) / 1000;

const GUEST_DISK_SLOTS = [
  G.reads,
  G.writes,
  G.readBytes,
  G.writeBytes,
  G.readTime,
  G.writeTime,
  G.ioTime,
  G.ioWeighted,
];
const NODE_DISK_SLOTS = [
  N.reads,
  N.writes,
  N.readBytes,
  N.writeBytes,
  N.readTime,
  N.writeTime,
  N.ioTime,
  N.ioWeighted,
];
const COLLECTORS_15 = [
  'conntrack',
  'cpu',
  'diskstats',
  'filesystem',
  'loadavg',
  'meminfo',
  'netclass',
  'netdev',
  'os',
  'pressure',
  'stat',
  'textfile',
  'time',
  'timex',
  'uname',
  'vmstat',
];

/** /metrics of the node_exporter inside a Linux guest (qemu `ens18`/`sda`, LXC `eth0`). */
export function renderGuestNodeExporter(load: LoadModel, g: GuestModel, t: number): string {
  const c = load.guestCounters(g, t);
  const gauges = load.guestGauges(g, t);
  const rates = load.guestRates(g, t);
  const uptime = Math.max(1, t - g.startedAt);
  const ncpu = load.vcpus(g);
  const lxc = g.type === 'lxc';
  const nic = lxc ? 'eth0' : 'ens18';
  const ifaces: Iface[] = [
    {
      device: nic,
      rx: c[G.rxBytes] ?? 0,
      tx: c[G.txBytes] ?? 0,
      rxp: c[G.rxPackets] ?? 0,
      txp: c[G.txPackets] ?? 0,
      rxd: c[G.rxDrop] ?? 0,
      txd: c[G.txDrop] ?? 0,
      mtu: 1500,
      speed: lxc ? 1_250_000_000 : 0,
      mac: guestMac(g.vmid),
    },
  ];
  for (const extra of g.extraInterfaces) {
    ifaces.push({
      device: extra,
      rx: uptime * 120,
      tx: uptime * 80,
      rxp: uptime * 0.5,
      txp: uptime * 0.4,
      rxd: 0,
      txd: 0,
      mtu: 1500,
      speed: 0,
      mac: '02:42:ac:11:00:01',
    });
  }
  const os = osOf(g);
  const rootSize = g.diskGiB * GIB;
  return render({
    version: load.guestNodeExporterVersion(g),
    t,
    bootTime: g.startedAt,
    hostname: g.name ?? (lxc ? `CT${g.vmid}` : `vm${g.vmid}`),
    release: os.kernel,
    osPretty: os.pretty,
    osId: os.id,
    osVersionId: os.versionId,
    osCodename: os.codename,
    ncpu,
    cpuSeconds: (mode) => c[G[mode]] ?? 0,
    guestSeconds: 0,
    memTotal: gauges.memTotal,
    memUsed: gauges.memUsed,
    swapTotal: gauges.swapTotal,
    swapFree: gauges.swapFree,
    load1: (rates[G.busy] ?? 0) + (rates[G.steal] ?? 0) * ncpu,
    vmstat: {
      pswpin: c[G.pswpin] ?? 0,
      pswpout: c[G.pswpout] ?? 0,
      pgpgin: (c[G.readBytes] ?? 0) / 1024,
      pgpgout: (c[G.writeBytes] ?? 0) / 1024,
      pgfault: c[G.pgfault] ?? 0,
      pgmajfault: c[G.pgmajfault] ?? 0,
    },
    ctxt: c[G.ctxt] ?? 0,
    intr: c[G.intr] ?? 0,
    forks: c[G.forks] ?? 0,
    // LXC shares the host kernel: lxcfs shows no block devices of its own.
    disks: lxc ? [] : [{ device: 'sda', major: 8, minor: 0, c, s: GUEST_DISK_SLOTS, scale: 1 }],
    mapper: [],
    ifaces,
    fs: lxc
      ? [
          {
            device: `/dev/zvol/rpool/data/subvol-${g.vmid}-disk-0`,
            fstype: 'zfs',
            mountpoint: '/',
            size: rootSize,
            usedFraction: gauges.diskUsed,
          },
        ]
      : [
          {
            device: '/dev/sda1',
            fstype: 'ext4',
            mountpoint: '/',
            size: rootSize - 512 * 2 ** 20,
            usedFraction: gauges.diskUsed,
          },
          {
            device: '/dev/sda15',
            fstype: 'vfat',
            mountpoint: '/boot/efi',
            size: 124 * 2 ** 20,
            usedFraction: 0.05,
          },
          {
            device: 'tmpfs',
            fstype: 'tmpfs',
            mountpoint: '/run',
            size: Math.floor(gauges.memTotal / 10),
            usedFraction: 0.01,
          },
        ],
    // Guests have PSI too (kernel ≥ 4.20); inside a guest it mirrors its own contention.
    psi: {
      cpu: (c[G.steal] ?? 0) * ncpu * 0.5,
      ioWait: (c[G.iowait] ?? 0) * ncpu,
      ioStall: (c[G.iowait] ?? 0) * ncpu * 0.5,
      memWait: (c[G.pgmajfault] ?? 0) * 0.001,
      memStall: (c[G.pgmajfault] ?? 0) * 0.0005,
      irq: 0,
    },
    collectors: COLLECTORS_15,
    zfs: undefined,
  });
}

function osOf(g: GuestModel): {
  id: string;
  pretty: string;
  versionId: string;
  codename: string;
  kernel: string;
} {
  if (g.ostype === 'ubuntu')
    return {
      id: 'ubuntu',
      pretty: 'Ubuntu 24.04.1 LTS',
      versionId: '24.04',
      codename: 'noble',
      kernel: '6.8.12-4-pve',
    };
  if (g.ostype === 'alpine')
    return {
      id: 'alpine',
      pretty: 'Alpine Linux v3.20',
      versionId: '3.20.3',
      codename: '',
      kernel: '6.8.12-4-pve',
    };
  const kernel = g.type === 'lxc' ? '6.8.12-4-pve' : '6.1.0-28-amd64';
  return {
    id: 'debian',
    pretty: 'Debian GNU/Linux 12 (bookworm)',
    versionId: '12',
    codename: 'bookworm',
    kernel,
  };
}

/** Whether a guest gets PVE firewall bridges (fwbr/fwpr/fwln) on its host: net0 firewall=1. */
export function guestHasFirewall(g: GuestModel): boolean {
  return g.vmid % 2 === 0;
}

/** /metrics of the node_exporter on a Proxmox VE host. */
export function renderHostNodeExporter(
  load: LoadModel,
  n: NodeModel,
  t: number,
  version: NodeExporterVersion,
): string {
  const c = load.nodeCounters(n, t);
  const gauges = load.nodeGauges(n, t);
  const guests = load.model.guests().filter((g) => g.node === n.name && g.status === 'running');
  const ifaces: Iface[] = [];
  const phys = (device: string, drops: boolean, speed: number): Iface => ({
    device,
    rx: c[N.rxBytes] ?? 0,
    tx: c[N.txBytes] ?? 0,
    rxp: c[N.rxPackets] ?? 0,
    txp: c[N.txPackets] ?? 0,
    rxd: drops ? (c[N.rxDrop] ?? 0) : 0,
    txd: drops ? (c[N.txDrop] ?? 0) : 0,
    mtu: 1500,
    speed,
    mac: `bc:24:11:00:00:${n.nodeid.toString(16).padStart(2, '0').slice(-2)}`,
  });
  ifaces.push(phys('eno1', true, 1_250_000_000), phys('vmbr0', false, 0));
  const disks: Disk[] = [
    { device: 'nvme0n1', major: 259, minor: 0, c, s: NODE_DISK_SLOTS, scale: 1 },
  ];
  // PVE's default LVM layout on the boot disk: pve-swap, pve-root and the thin pool "data".
  const mapper = [
    { device: 'dm-0', name: 'pve-swap', vg: 'pve', lv: 'swap', layer: '' },
    { device: 'dm-1', name: 'pve-root', vg: 'pve', lv: 'root', layer: '' },
    { device: 'dm-2', name: 'pve-data_tmeta', vg: 'pve', lv: 'data', layer: 'tmeta' },
    { device: 'dm-3', name: 'pve-data_tdata', vg: 'pve', lv: 'data', layer: 'tdata' },
    { device: 'dm-4', name: 'pve-data-tpool', vg: 'pve', lv: 'data', layer: 'tpool' },
  ].map((m, i) => ({ ...m, uuid: `LVM-pvemonsim${n.nodeid}${i}` }));
  mapper.forEach((m, i) => {
    disks.push({
      device: m.device,
      major: 252,
      minor: i,
      c,
      s: NODE_DISK_SLOTS,
      scale: i === 1 ? 0.1 : 0.01,
    });
  });
  for (const g of guests) {
    const gc = load.guestCounters(g, t);
    const tapOrVeth = g.type === 'qemu' ? `tap${g.vmid}i0` : `veth${g.vmid}i0`;
    // Host side of the guest port: what the guest sends, the host receives, and vice versa.
    const port = (device: string): Iface => ({
      device,
      rx: gc[G.txBytes] ?? 0,
      tx: gc[G.rxBytes] ?? 0,
      rxp: gc[G.txPackets] ?? 0,
      txp: gc[G.rxPackets] ?? 0,
      rxd: 0,
      txd: 0,
      mtu: 1500,
      speed: 1_250_000_000,
      mac: 'fe:ed:00:00:00:00',
    });
    ifaces.push(port(tapOrVeth));
    if (guestHasFirewall(g)) {
      ifaces.push(port(`fwbr${g.vmid}i0`), port(`fwln${g.vmid}i0`), port(`fwpr${g.vmid}p0`));
    }
    if (g.type === 'qemu') {
      // zvol minors are handed out in creation order; vmid order keeps them stable here.
      const minor = (g.vmid - 100) * 16;
      disks.push({
        device: `zd${minor}`,
        major: 230,
        minor,
        c: gc,
        s: GUEST_DISK_SLOTS,
        scale: 1,
      });
    }
  }
  const memTotal = n.maxmem;
  return render({
    version,
    t,
    bootTime: n.bootTime,
    hostname: n.name,
    release: '6.8.12-4-pve',
    osPretty: 'Debian GNU/Linux 12 (bookworm)',
    osId: 'debian',
    osVersionId: '12',
    osCodename: 'bookworm',
    ncpu: n.maxcpu,
    cpuSeconds: (mode) => c[N[mode]] ?? 0,
    guestSeconds: c[N.guestUser] ?? 0,
    memTotal,
    memUsed: gauges.memUsed,
    swapTotal: gauges.swapTotal,
    swapFree: gauges.swapFree,
    load1: gauges.load1,
    vmstat: {
      pswpin: c[N.pswpin] ?? 0,
      pswpout: c[N.pswpout] ?? 0,
      pgpgin: (c[N.readBytes] ?? 0) / 1024,
      pgpgout: (c[N.writeBytes] ?? 0) / 1024,
      pgfault: c[N.pgfault] ?? 0,
      pgmajfault: c[N.pgmajfault] ?? 0,
    },
    ctxt: c[N.ctxt] ?? 0,
    intr: c[N.intr] ?? 0,
    forks: c[N.forks] ?? 0,
    disks,
    mapper,
    ifaces,
    fs: [
      {
        device: '/dev/mapper/pve-root',
        fstype: 'ext4',
        mountpoint: '/',
        size: 96 * GIB,
        usedFraction: 0.18,
      },
      {
        device: 'rpool/data',
        fstype: 'zfs',
        mountpoint: '/rpool/data',
        size: 900 * GIB,
        usedFraction: 0.31,
      },
      {
        device: '/dev/fuse',
        fstype: 'fuse',
        mountpoint: '/etc/pve',
        size: 128 * 2 ** 20,
        usedFraction: 0.02,
      },
      {
        device: 'tmpfs',
        fstype: 'tmpfs',
        mountpoint: '/run',
        size: Math.floor(memTotal / 10),
        usedFraction: 0.01,
      },
    ],
    psi: {
      cpu: c[N.psiCpu] ?? 0,
      ioWait: c[N.psiIoWait] ?? 0,
      ioStall: c[N.psiIoStall] ?? 0,
      memWait: c[N.psiMemWait] ?? 0,
      memStall: c[N.psiMemStall] ?? 0,
      irq: c[N.psiIrq] ?? 0,
    },
    zfs: {
      size: gauges.arcSize,
      max: gauges.arcMax,
      hits: c[N.arcHits] ?? 0,
      misses: c[N.arcMisses] ?? 0,
    },
    collectors: [...COLLECTORS_15, 'zfs'],
  });
}
