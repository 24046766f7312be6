// The first guests of every generated cluster get fixed traits so even a tiny cluster
// (`--guests 20`) contains each case tests and demos rely on. Everything else stays random.
import { defaultGuestName } from './names.js';
import type { GuestModel } from './types.js';

type Traits = Partial<
  Pick<
    GuestModel,
    | 'type'
    | 'ostype'
    | 'status'
    | 'template'
    | 'agent'
    | 'agentInstalled'
    | 'ipconfig0'
    | 'hostpci0'
    | 'tags'
    | 'pool'
    | 'hastate'
    | 'ipv6Only'
    | 'extraInterfaces'
    | 'name'
    | 'lock'
    | 'staticIp'
  >
>;

const SHOWCASE: Traits[] = [
  /* 100 */ {
    type: 'qemu',
    ostype: 'l26',
    status: 'running',
    agent: '1',
    agentInstalled: true,
    ipconfig0: 'ip=127.100.0.100/8,gw=127.0.0.1',
    tags: 'prod;web',
    pool: 'prod',
    extraInterfaces: ['docker0'],
    hostpci0: undefined,
  },
  /* 101 */ {
    type: 'lxc',
    ostype: 'debian',
    status: 'running',
    tags: 'db',
    staticIp: true,
    ipv6Only: false,
  },
  /* 102 */ {
    type: 'qemu',
    ostype: 'win11',
    status: 'running',
    agent: '1',
    agentInstalled: true,
    hostpci0: '0000:81:00.4,mdev=nvidia-63',
    tags: 'gpu;windows',
    pool: 'prod',
    ipv6Only: false,
  },
  /* 103 */ {
    type: 'qemu',
    ostype: 'l26',
    status: 'stopped',
    agent: '1,fstrim_cloned_disks=1',
    agentInstalled: true,
  },
  /* 104 */ {
    type: 'qemu',
    ostype: 'l26',
    status: 'stopped',
    template: true,
    agent: '1',
    tags: 'go-proxmox+cloud-init',
  },
  /* 105 */ {
    type: 'qemu',
    ostype: 'win10',
    status: 'running',
    agent: undefined,
    agentInstalled: false,
    ipv6Only: false,
  },
  /* 106 */ {
    type: 'qemu',
    ostype: 'l26',
    status: 'running',
    agent: 'enabled=1,type=virtio',
    agentInstalled: false,
  },
  /* 107 */ { type: 'lxc', ostype: 'alpine', status: 'stopped', tags: 'dev;team.a' },
  /* 108 */ {
    type: 'qemu',
    ostype: 'l26',
    status: 'running',
    agent: '1',
    agentInstalled: true,
    ipv6Only: true,
    extraInterfaces: [],
  },
  /* 109 */ {
    type: 'qemu',
    ostype: 'win8',
    status: 'running',
    agent: '1',
    agentInstalled: true,
    hastate: 'started',
    ipv6Only: false,
  },
  /* 110 */ {
    type: 'qemu',
    ostype: 'l26',
    status: 'running',
    agent: '0',
    name: 'dätenbank-ü01',
    tags: 'app_1;critical;k8s',
  },
  /* 111 */ { type: 'lxc', ostype: 'ubuntu', status: 'running', ipv6Only: true, pool: 'dev' },
  /* 112 */ {
    type: 'qemu',
    ostype: 'l26',
    status: 'running',
    agent: '1',
    agentInstalled: true,
    hostpci0: '0000:82:00.5,mdev=nvidia-64,pcie=1',
    extraInterfaces: ['cni0'],
    ipv6Only: false,
  },
  /* 113 */ { type: 'qemu', ostype: 'l26', status: 'running', name: undefined, agent: undefined },
  /* 114 */ { type: 'lxc', ostype: 'debian', status: 'stopped', template: true },
  /* 115 */ {
    type: 'qemu',
    ostype: 'win10',
    status: 'running',
    agent: '1',
    agentInstalled: true,
    name: `web "quoted"-115`,
    ipv6Only: false,
    lock: 'backup',
  },
];

/** Applies the fixed traits for `index` (0-based position from vmid 100), if any. */
export function applyShowcase(guest: GuestModel, index: number, now: number): void {
  const traits = SHOWCASE[index];
  if (!traits) return;
  Object.assign(guest, traits);
  if (!('name' in traits)) guest.name = defaultGuestName(guest.vmid, guest.ostype.startsWith('w'));
  if (guest.type === 'lxc') {
    guest.agent = undefined;
    guest.agentInstalled = false;
    guest.hostpci0 = undefined;
    guest.ipconfig0 = undefined;
  }
  if (guest.ostype.startsWith('w')) guest.extraInterfaces = [];
  if (guest.template) guest.status = 'stopped';
  if (guest.status === 'running' && guest.startedAt === 0)
    guest.startedAt = now - 3600 * (index + 1);
  if (guest.status === 'stopped') guest.startedAt = 0;
  if (guest.hastate) guest.hastate = guest.status === 'running' ? 'started' : 'stopped';
}
