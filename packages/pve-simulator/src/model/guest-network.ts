// What a guest reports about its network: the QEMU guest agent's
// `guest-network-get-interfaces` result and LXC's `/interfaces` (legacy and 2025 shapes).
// Every guest's primary NIC carries its own loopback address from the address plan.
import { guestIpv6, guestMac, linkLocalFromMac } from './address-plan.js';
import { mixSeed, mulberry32 } from './rng.js';
import type { GuestModel } from './types.js';

export interface AgentIpAddress {
  'ip-address': string;
  'ip-address-type': 'ipv4' | 'ipv6';
  prefix: number;
}

export interface AgentInterface {
  name: string;
  'hardware-address'?: string;
  'ip-addresses'?: AgentIpAddress[];
  statistics?: Record<string, number>;
}

function statistics(seed: number, uptime: number): Record<string, number> {
  const r = mulberry32(seed);
  const rx = Math.floor((1_000 + r() * 50_000) * uptime);
  const tx = Math.floor((500 + r() * 30_000) * uptime);
  return {
    'rx-bytes': rx,
    'rx-dropped': Math.floor(r() * 20),
    'rx-errs': 0,
    'rx-packets': Math.floor(rx / 900),
    'tx-bytes': tx,
    'tx-dropped': 0,
    'tx-errs': 0,
    'tx-packets': Math.floor(tx / 700),
  };
}

const v4 = (ip: string, prefix: number): AgentIpAddress => ({
  'ip-address': ip,
  'ip-address-type': 'ipv4',
  prefix,
});
const v6 = (ip: string, prefix: number): AgentIpAddress => ({
  'ip-address': ip,
  'ip-address-type': 'ipv6',
  prefix,
});

function primaryAddresses(g: GuestModel, mac: string): AgentIpAddress[] {
  const out: AgentIpAddress[] = [];
  if (!g.ipv6Only) out.push(v4(g.address, 8));
  if (g.ipv6Only || g.vmid % 4 === 0) out.push(v6(guestIpv6(g.vmid), 64));
  out.push(v6(linkLocalFromMac(mac), 64));
  return out;
}

export function agentInterfaces(g: GuestModel, nowSec: number): AgentInterface[] {
  const uptime = Math.max(1, nowSec - g.startedAt);
  const mac = guestMac(g.vmid).toLowerCase();
  if (g.ostype.startsWith('w')) {
    return [
      {
        name: 'Ethernet',
        'hardware-address': mac,
        'ip-addresses': primaryAddresses(g, mac).reverse(),
        statistics: statistics(mixSeed(g.vmid, 1), uptime),
      },
      {
        name: 'Loopback Pseudo-Interface 1',
        'ip-addresses': [v6('::1', 128), v4('127.0.0.1', 8)],
        statistics: statistics(mixSeed(g.vmid, 2), uptime),
      },
    ];
  }
  const list: AgentInterface[] = [
    {
      name: 'lo',
      'hardware-address': '00:00:00:00:00:00',
      'ip-addresses': [v4('127.0.0.1', 8), v6('::1', 128)],
      statistics: statistics(mixSeed(g.vmid, 3), uptime),
    },
    {
      name: g.vmid % 3 === 0 ? 'eth0' : 'ens18',
      'hardware-address': mac,
      'ip-addresses': primaryAddresses(g, mac),
      statistics: statistics(mixSeed(g.vmid, 4), uptime),
    },
  ];
  if (g.extraInterfaces.includes('docker0')) {
    list.push({
      name: 'docker0',
      'hardware-address': `02:42:${mac.slice(9)}:00`,
      'ip-addresses': [v4('172.17.0.1', 16)],
      statistics: statistics(mixSeed(g.vmid, 5), 0),
    });
  }
  if (g.extraInterfaces.includes('cni0')) {
    const cniMac = `0a:58:${mac.slice(9)}:01`;
    list.push({
      name: 'cni0',
      'hardware-address': cniMac,
      'ip-addresses': [v4(`10.244.${g.vmid % 250}.1`, 24), v6(linkLocalFromMac(cniMac), 64)],
      statistics: statistics(mixSeed(g.vmid, 6), uptime),
    });
    list.push({
      name: `veth${((g.vmid * 2654435761) >>> 0).toString(16).slice(0, 8)}`,
      'hardware-address': `3e:${mac.slice(3)}`,
    });
  }
  return list;
}

export interface LxcInterface {
  name: string;
  hwaddr: string;
  inet?: string;
  inet6?: string;
  'hardware-address'?: string;
  'ip-addresses'?: { 'ip-address': string; 'ip-address-type': 'inet' | 'inet6'; prefix: number }[];
}

export function lxcInterfaces(g: GuestModel, withIpAddresses: boolean): LxcInterface[] {
  const mac = guestMac(g.vmid).toLowerCase();
  const defs: { name: string; mac: string; addrs: [string, 'inet' | 'inet6', number][] }[] = [
    {
      name: 'lo',
      mac: '00:00:00:00:00:00',
      addrs: [
        ['127.0.0.1', 'inet', 8],
        ['::1', 'inet6', 128],
      ],
    },
    {
      name: 'eth0',
      mac,
      addrs: [
        ...(g.ipv6Only ? [] : [[g.address, 'inet', 8] as [string, 'inet', number]]),
        ...(g.ipv6Only ? [[guestIpv6(g.vmid), 'inet6', 64] as [string, 'inet6', number]] : []),
        [linkLocalFromMac(mac), 'inet6', 64] as [string, 'inet6', number],
      ],
    },
  ];
  return defs.map((d) => {
    // Legacy fields hold only the first address of each family (`ip --json a` order).
    const first4 = d.addrs.find((a) => a[1] === 'inet');
    const first6 = d.addrs.find((a) => a[1] === 'inet6');
    const row: LxcInterface = { name: d.name, hwaddr: d.mac };
    if (withIpAddresses) row['hardware-address'] = d.mac;
    if (first4) row.inet = `${first4[0]}/${first4[2]}`;
    if (first6) row.inet6 = `${first6[0]}/${first6[2]}`;
    if (withIpAddresses) {
      row['ip-addresses'] = d.addrs.map(([ip, type, prefix]) => ({
        'ip-address': ip,
        'ip-address-type': type,
        prefix,
      }));
    }
    return row;
  });
}
