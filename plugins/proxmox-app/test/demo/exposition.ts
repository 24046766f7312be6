import { nodeExporter as N, nvidiaGpuExporter as G, pveExporter as P, windowsExporter as W } from '@pvemon/rules';
import { sdInventoryMetrics as SD, vgpuMetrics as V } from '@pvemon/metrics-contract';
import { PROCESS_METRICS } from '../../src/queries/processes';
import type { DemoCluster, DemoGuest, DemoNode } from './inventory';

/**
 * Prometheus text exposition of each demo target at a given instant: counters grow with time
 * (with a slow wave so graphs move), gauges wobble. Names come from the rules/contract packages.
 */
type Labels = Record<string, string | number | undefined>;

class Exposition {
  private lines: string[] = [];
  private typed = new Set<string>();
  constructor(private readonly elapsed: number) {}

  sample(name: string, type: 'gauge' | 'counter' | 'untyped', labels: Labels, value: number): void {
    if (!this.typed.has(name)) {
      this.typed.add(name);
      this.lines.push(`# TYPE ${name} ${type}`);
    }
    const l = Object.entries(labels)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}="${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
      .join(',');
    this.lines.push(`${name}${l ? `{${l}}` : ''} ${Number.isFinite(value) ? value : 0}`);
  }
  /** A counter whose rate is `rate` (±30 % wave). */
  counter(name: string, labels: Labels, rate: number, phase = 0): void {
    const e = this.elapsed;
    this.sample(name, 'counter', labels, 1000 * rate + rate * (e + 9 * (1 - Math.cos(e / 30 + phase))));
  }
  wave(base: number, amplitude: number, phase = 0): number {
    return base + amplitude * Math.sin(this.elapsed / 20 + phase);
  }
  text(): string {
    // Group samples of one family together (the format requires it): stable sort by name.
    const fams = new Map<string, string[]>();
    let current = '';
    for (const line of this.lines) {
      if (line.startsWith('# TYPE ')) {
        current = line.split(' ')[2]!;
      }
      const name = line.startsWith('#') ? current : line.split(/[{ ]/)[0]!;
      if (!fams.has(name)) {
        fams.set(name, []);
      }
      fams.get(name)!.push(line);
    }
    return [...fams.values()].flat().join('\n') + '\n';
  }
}

const tagsLabel = (tags: string[]) => (tags.length ? `;${tags.join(';')};` : undefined);

export function sdServerText(c: DemoCluster, elapsed: number): string {
  const x = new Exposition(elapsed);
  for (const g of c.guests) {
    const id = { cluster: c.name, vm_id: g.vmId, vm_name: g.name, node: g.node };
    x.sample(
      SD.guestInfo.name,
      'gauge',
      {
        ...id,
        guest_type: g.type,
        os: g.os,
        ostype: g.os === 'windows' ? 'win11' : 'l26',
        tags: tagsLabel(g.tags),
        pool: g.pool,
        status: g.status,
        template: 0,
      },
      1
    );
    x.sample(SD.guestVcpus.name, 'gauge', id, g.vcpus);
    x.sample(SD.guestMemoryBytes.name, 'gauge', id, g.memoryBytes);
    if (g.vgpu) {
      x.sample(
        SD.guestGpuInfo.name,
        'gauge',
        { ...id, hostpci: 'hostpci0', pci_id: '0000:01:00.4', mdev_type: 'nvidia-1155', mdev_uuid: g.vgpu.uuid },
        1
      );
    }
  }
  c.nodes.forEach((n, i) =>
    x.sample(
      SD.nodeInfo.name,
      'gauge',
      { cluster: c.name, node: n.name, ip: `10.0.0.${i + 11}`, online: 1, nodeid: i + 1 },
      1
    )
  );
  return x.text();
}

export function pveExporterText(c: DemoCluster, elapsed: number): string {
  const x = new Exposition(elapsed);
  for (const n of c.nodes) {
    const id = `node/${n.name}`;
    x.sample(P.up, 'gauge', { id }, 1);
    const used = c.guests
      .filter((g) => g.node === n.name && g.status === 'running')
      .reduce((s, g) => s + g.memoryBytes * 0.7, 8 * 2 ** 30);
    x.sample(P.memoryUsage, 'gauge', { id }, Math.min(used, n.memoryBytes * 0.95));
    x.sample(P.memorySize, 'gauge', { id }, n.memoryBytes);
    for (const storage of ['local', 'local-zfs']) {
      const sid = `storage/${n.name}/${storage}`;
      x.sample(P.up, 'gauge', { id: sid }, 1);
      x.sample(P.diskSize, 'gauge', { id: sid }, 2 * 2 ** 40);
      x.sample(P.diskUsage, 'gauge', { id: sid }, (storage === 'local' ? 0.35 : 0.62) * 2 * 2 ** 40);
    }
  }
  for (const g of c.guests) {
    const id = `${g.type}/${g.vmId}`;
    const running = g.status === 'running';
    x.sample(P.up, 'gauge', { id }, running ? 1 : 0);
    x.sample(
      P.guestInfo,
      'gauge',
      { id, name: g.name, node: g.node, type: g.type, tags: g.tags.join(';'), template: 0 },
      1
    );
    x.sample(P.cpuUsageRatio, 'gauge', { id }, running ? x.wave(0.45 * g.load, 0.2 * g.load, g.vmId) : 0);
    x.sample(P.memorySize, 'gauge', { id }, g.memoryBytes);
    x.sample(P.memoryUsage, 'gauge', { id }, running ? g.memoryBytes * x.wave(0.75, 0.1, g.vmId) : 0);
    x.counter(P.diskReadBytes, { id }, running ? 2e6 * g.load : 0, g.vmId);
    x.counter(P.diskWrittenBytes, { id }, running ? 1e6 * g.load : 0, g.vmId + 1);
    x.counter(P.netReceiveBytes, { id }, running ? 5e5 * g.load : 0, g.vmId + 2);
    x.counter(P.netTransmitBytes, { id }, running ? 3e5 * g.load : 0, g.vmId + 3);
    x.sample('pve_uptime_seconds', 'gauge', { id }, running ? 86400 * (g.vmId % 30) + elapsed : 0);
  }
  return x.text();
}

function linuxCore(x: Exposition, cpus: number, load: number, phase: number, steal = 0.01): void {
  for (let cpu = 0; cpu < cpus; cpu++) {
    const busy = Math.min(0.95, 0.5 * load);
    x.counter(N.cpuSeconds, { cpu, mode: 'user' }, busy * 0.7, phase + cpu);
    x.counter(N.cpuSeconds, { cpu, mode: 'system' }, busy * 0.3, phase + cpu);
    x.counter(N.cpuSeconds, { cpu, mode: 'iowait' }, 0.02, phase);
    x.counter(N.cpuSeconds, { cpu, mode: 'steal' }, steal, phase);
    x.counter(N.cpuSeconds, { cpu, mode: 'idle' }, Math.max(0.01, 1 - busy - 0.02 - steal), phase + cpu);
  }
}

function linuxDiskNet(x: Exposition, devices: string[], nics: string[], load: number, phase: number): void {
  devices.forEach((device, i) => {
    const reads = 40 * load + 5 * i;
    const writes = 25 * load + 3 * i;
    x.counter(N.diskReadsCompleted, { device }, reads, phase + i);
    x.counter(N.diskWritesCompleted, { device }, writes, phase + i);
    x.counter(N.diskReadTime, { device }, reads * 0.002 * (1 + i), phase + i);
    x.counter(N.diskWriteTime, { device }, writes * 0.004 * (1 + i), phase + i);
    x.counter(N.diskReadBytes, { device }, reads * 16384, phase + i);
    x.counter(N.diskWrittenBytes, { device }, writes * 32768, phase + i);
  });
  for (const device of ['lo', ...nics]) {
    x.counter(N.netReceiveBytes, { device }, 4e5 * load, phase);
    x.counter(N.netTransmitBytes, { device }, 2e5 * load, phase + 1);
    x.counter(N.netReceiveDrop, { device }, 0, phase);
    x.counter(N.netTransmitDrop, { device }, 0, phase);
  }
}

export function hostNodeExporterText(n: DemoNode, c: DemoCluster, elapsed: number): string {
  const x = new Exposition(elapsed);
  const load = Math.min(
    1.6,
    c.guests.filter((g) => g.node === n.name && g.status === 'running').reduce((s, g) => s + g.load * g.vcpus, 0) /
      n.cores
  );
  linuxCore(x, n.cores, load / 3, n.cores, 0);
  for (let cpu = 0; cpu < n.cores; cpu++) {
    x.counter(N.cpuGuestSeconds, { cpu, mode: 'user' }, Math.min(0.9, 0.4 * load), cpu);
  }
  x.counter(N.pressureCpuWaiting, {}, 0.04 * load, 1);
  x.counter(N.pressureMemoryWaiting, {}, 0.005, 2);
  x.counter(N.pressureIoWaiting, {}, 0.02 * load, 3);
  x.sample(N.memTotal, 'gauge', {}, n.memoryBytes);
  x.sample(N.memAvailable, 'gauge', {}, n.memoryBytes * x.wave(0.4, 0.05));
  x.sample(N.swapTotal, 'gauge', {}, 8 * 2 ** 30);
  x.counter(N.vmstatPswpIn, {}, 0.5, 1);
  x.counter(N.vmstatPswpOut, {}, 0.3, 2);
  x.sample('node_zfs_arc_size', 'gauge', {}, n.memoryBytes * x.wave(0.18, 0.02));
  linuxDiskNet(x, ['nvme0n1', 'nvme1n1', 'sda'], ['eno1', 'vmbr0', 'tap100i0'], load, 7);
  return x.text();
}

export function guestExporterText(g: DemoGuest, elapsed: number): string {
  const x = new Exposition(elapsed);
  const phase = g.vmId;
  if (g.os === 'windows') {
    for (let core = 0; core < g.vcpus; core++) {
      const busy = Math.min(0.95, 0.45 * g.load);
      x.counter(W.cpuTime, { core: `0,${core}`, mode: 'user' }, busy * 0.6, phase + core);
      x.counter(W.cpuTime, { core: `0,${core}`, mode: 'privileged' }, busy * 0.4, phase + core);
      x.counter(W.cpuTime, { core: `0,${core}`, mode: 'idle' }, 1 - busy, phase + core);
    }
    x.sample(W.memPhysicalTotal, 'gauge', {}, g.memoryBytes);
    x.sample(W.memAvailable, 'gauge', {}, g.memoryBytes * x.wave(0.45, 0.08, phase));
    x.counter(W.swapPagesRead, {}, 3, phase);
    x.counter(W.swapPagesWritten, {}, 1, phase);
    for (const volume of ['C:', 'D:']) {
      x.counter(W.diskReads, { volume }, 30 * g.load, phase);
      x.counter(W.diskWrites, { volume }, 20 * g.load, phase);
      x.counter(W.diskReadLatency, { volume }, 30 * g.load * 0.003, phase);
      x.counter(W.diskWriteLatency, { volume }, 20 * g.load * 0.006, phase);
      x.counter(W.diskReadBytes, { volume }, 30 * g.load * 16384, phase);
      x.counter(W.diskWriteBytes, { volume }, 20 * g.load * 32768, phase);
      x.sample(W.diskSize, 'gauge', { volume }, 100 * 2 ** 30);
      x.sample(W.diskFree, 'gauge', { volume }, (volume === 'C:' ? 38 : 71) * 2 ** 30);
    }
    const nic = 'Red Hat VirtIO Ethernet Adapter';
    x.counter(W.netBytesReceived, { nic }, 3e5 * g.load, phase);
    x.counter(W.netBytesSent, { nic }, 2e5 * g.load, phase);
    x.counter(W.netReceivedDiscarded, { nic }, 0, phase);
    x.counter(W.netOutboundDiscarded, { nic }, 0, phase);
    ['sqlservr', 'w3wp', 'MsMpEng', 'svchost', 'explorer'].forEach((process, i) => {
      const labels = { process, process_id: 1000 + i * 4 };
      x.counter(PROCESS_METRICS.windowsCpu, { ...labels, mode: 'user' }, g.load / (i + 1), phase + i);
      x.sample(PROCESS_METRICS.windowsMemory, 'gauge', labels, g.memoryBytes / 8 / (i + 1));
    });
    return x.text();
  }
  linuxCore(x, g.vcpus, g.load, phase);
  x.sample(N.memTotal, 'gauge', {}, g.memoryBytes);
  x.sample(N.memAvailable, 'gauge', {}, g.memoryBytes * x.wave(0.55, 0.08, phase));
  x.counter(N.vmstatPswpIn, {}, 0, phase);
  x.counter(N.vmstatPswpOut, {}, 0, phase);
  linuxDiskNet(x, ['vda', 'vdb'], ['eth0'], g.load, phase);
  for (const [mountpoint, fstype, free] of [
    ['/', 'ext4', 0.42],
    ['/var/lib/data', 'xfs', 0.18],
    ['/run', 'tmpfs', 0.99],
  ] as const) {
    x.sample(N.fsSize, 'gauge', { device: '/dev/vda1', fstype, mountpoint }, 64 * 2 ** 30);
    x.sample(N.fsAvail, 'gauge', { device: '/dev/vda1', fstype, mountpoint }, free * 64 * 2 ** 30);
  }
  ['postgres', 'nginx', 'node', 'sshd', 'systemd'].forEach((groupname, i) => {
    x.counter(PROCESS_METRICS.linuxCpu, { groupname, mode: 'user' }, g.load / (i + 1), phase + i);
    x.sample(PROCESS_METRICS.linuxMemory, 'gauge', { groupname, memtype: 'resident' }, g.memoryBytes / 6 / (i + 1));
  });
  return x.text();
}

export function gpuExporterText(n: DemoNode, c: DemoCluster, elapsed: number): string {
  const x = new Exposition(elapsed);
  n.gpus.forEach((gpu, index) => {
    x.sample(
      G.gpuInfo,
      'gauge',
      { index, name: gpu.name, uuid: gpu.uuid, pci_bus_id: '00000000:01:00.0', driver_version: '595.80' },
      1
    );
    const share = c.guests.filter((g) => g.vgpu && g.node === n.name).length;
    x.sample(G.utilizationGpuRatio, 'gauge', { uuid: gpu.uuid }, Math.min(1, x.wave(0.15 * share, 0.1)));
    x.sample(G.memoryTotal, 'gauge', { uuid: gpu.uuid }, gpu.memoryBytes);
    x.sample(G.memoryUsed, 'gauge', { uuid: gpu.uuid }, gpu.memoryBytes * x.wave(0.5, 0.1));
    x.sample('nvidia_smi_temperature_gpu', 'gauge', { uuid: gpu.uuid }, x.wave(55, 6));
    x.sample('nvidia_smi_power_draw_watts', 'gauge', { uuid: gpu.uuid }, x.wave(180, 40));
  });
  return x.text();
}

export function vgpuExporterText(n: DemoNode, c: DemoCluster, elapsed: number): string {
  const x = new Exposition(elapsed);
  const gpu = n.gpus[0];
  if (!gpu) {
    return '';
  }
  for (const g of c.guests.filter((guest) => guest.vgpu && guest.node === n.name)) {
    const labels = {
      node: n.name,
      gpu_uuid: gpu.uuid,
      gpu_pci: '00000000:01:00.0',
      vgpu_uuid: g.vgpu!.uuid,
      vgpu_type: g.vgpu!.type,
      vm_id: g.vmId,
      vm_name: g.name,
    };
    x.sample(V.info.name, 'gauge', { ...labels, guest_driver: '595.80', mapped_by: 'mdev' }, 1);
    x.sample(V.gpuUtilization.name, 'gauge', labels, Math.max(0, x.wave(0.35 * g.load, 0.2, g.vmId)));
    x.sample(V.framebufferUsedBytes.name, 'gauge', labels, 12 * 2 ** 30 * x.wave(0.6, 0.1, g.vmId));
    x.sample(V.framebufferTotalBytes.name, 'gauge', labels, 12 * 2 ** 30);
  }
  x.sample(V.scrapeSuccess.name, 'gauge', { node: n.name }, 1);
  return x.text();
}
