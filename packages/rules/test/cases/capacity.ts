import type { FiringCase, QuietCase } from './types.js';
import {
  LINUX_GUEST as LG,
  PVE,
  pveGuest,
  pveGuestLabels,
  sel,
  WINDOWS_GUEST as WG,
} from './types.js';

const LVM = { ...PVE, id: 'storage/pve1/local-lvm' };
const ROOT = { device: '/dev/vda1', fstype: 'ext4', mountpoint: '/' };

export const firing: FiringCase[] = [
  {
    alert: 'PveStorageFillingUp',
    name: 'thin pool at 80% growing 30 units/hour, full within 24 h',
    series: [
      [sel('pve_disk_size_bytes', LVM), '1000x200'],
      [sel('pve_disk_usage_bytes', LVM), '790+0.5x200'],
      [sel('pve_storage_shared', LVM), '0x200'],
    ],
    notBefore: '80m',
    firesAt: '81m',
    expected: [
      {
        labels: { ...LVM, node: 'pve1', storage: 'local-lvm' },
        summary: 'Proxmox storage local-lvm on node pve1 is 83.05% full and filling up',
        description:
          'At the rate of the last 6h, storage local-lvm on node pve1 (now 83.05% used) is full within 24 hours. Thin pools and Ceph pools stop guests with I/O errors when full.',
      },
    ],
  },
  {
    alert: 'PveStorageAlmostFull',
    name: 'local storage 96% used; a shared Ceph pool 97% used, seen from two nodes, alerts once',
    series: [
      [sel('pve_disk_size_bytes', LVM), '1000x20'],
      [sel('pve_disk_usage_bytes', LVM), '960x20'],
      [sel('pve_storage_shared', LVM), '0x20'],
      ...['pve1', 'pve2'].flatMap((node) => {
        const ceph = { ...PVE, id: `storage/${node}/ceph` };
        return [
          [sel('pve_disk_size_bytes', ceph), '1000x20'],
          [sel('pve_disk_usage_bytes', ceph), '970x20'],
          [sel('pve_storage_shared', ceph), '1x20'],
        ] as const;
      }),
    ],
    notBefore: '4m',
    firesAt: '5m',
    expected: [
      {
        labels: { ...LVM, node: 'pve1', storage: 'local-lvm' },
        summary: 'Proxmox storage local-lvm on node pve1 is 96% full',
        description:
          'Proxmox storage local-lvm on node pve1 is 96% used. Writes (guest disks, backups, snapshots) fail when it is full.',
      },
      {
        labels: { ...PVE, storage: 'ceph' },
        summary: 'Proxmox storage ceph is 97% full',
        description:
          'Proxmox storage ceph is 97% used. Writes (guest disks, backups, snapshots) fail when it is full.',
      },
    ],
  },
  {
    alert: 'GuestFilesystemFillingUp',
    name: 'Linux root and Windows C: under 20% free and shrinking',
    series: [
      [sel('node_filesystem_avail_bytes', LG, ROOT), '210-0.5x200'],
      [sel('node_filesystem_size_bytes', LG, ROOT), '1000x200'],
      [sel('node_filesystem_readonly', LG, ROOT), '0x200'],
      [sel('windows_logical_disk_free_bytes', WG, { volume: 'C:' }), '210-0.5x200'],
      [sel('windows_logical_disk_size_bytes', WG, { volume: 'C:' }), '1000x200'],
    ],
    notBefore: '80m',
    firesAt: '81m',
    expected: [
      {
        labels: { ...LG, ...ROOT },
        summary: 'Filesystem / of guest web1 (101) on node pve1 has 16.95% free and is filling up',
        description:
          'At the rate of the last 6h, / of guest web1 (101) on node pve1 (16.95% free) runs out of space within 24 hours.',
      },
      {
        labels: { ...WG, volume: 'C:' },
        summary: 'Filesystem C: of guest win1 (102) on node pve2 has 16.95% free and is filling up',
        description:
          'At the rate of the last 6h, C: of guest win1 (102) on node pve2 (16.95% free) runs out of space within 24 hours.',
      },
    ],
  },
  {
    alert: 'GuestFilesystemAlmostFull',
    name: 'Linux root 4% free, Windows C: 3% free',
    series: [
      [sel('node_filesystem_avail_bytes', LG, ROOT), '40x30'],
      [sel('node_filesystem_size_bytes', LG, ROOT), '1000x30'],
      [sel('node_filesystem_readonly', LG, ROOT), '0x30'],
      [sel('windows_logical_disk_free_bytes', WG, { volume: 'C:' }), '30x30'],
      [sel('windows_logical_disk_size_bytes', WG, { volume: 'C:' }), '1000x30'],
    ],
    notBefore: '14m',
    firesAt: '15m',
    expected: [
      {
        labels: { ...LG, ...ROOT },
        summary: 'Filesystem / of guest web1 (101) on node pve1 has only 4% free',
        description:
          '/ of guest web1 (101) on node pve1 has less than 5% free space for 15 minutes (now 4%). Applications and databases fail on a full filesystem.',
      },
      {
        labels: { ...WG, volume: 'C:' },
        summary: 'Filesystem C: of guest win1 (102) on node pve2 has only 3% free',
        description:
          'C: of guest win1 (102) on node pve2 has less than 5% free space for 15 minutes (now 3%). Applications and databases fail on a full filesystem.',
      },
    ],
  },
  {
    alert: 'PveReplicationFailed',
    name: 'replication job 101-0 failing twice from minute 5',
    series: [
      [sel('pve_replication_failed_syncs', PVE, { id: '101-0' }), '0x4 2x20'],
      [
        sel('pve_replication_info', PVE, {
          id: '101-0',
          guest: 'qemu/101',
          source: 'node/pve1',
          target: 'node/pve2',
          type: 'local',
        }),
        '1x30',
      ],
      pveGuest('101', 'web1', 'pve1'),
    ],
    notBefore: '9m',
    firesAt: '10m',
    expected: [
      {
        labels: {
          ...PVE,
          id: '101-0',
          guest: 'qemu/101',
          source: 'node/pve1',
          target: 'node/pve2',
          vm_id: '101',
          vm_name: 'web1',
          node: 'pve1',
        },
        summary: 'Replication job 101-0 of guest web1 (101) on node pve1 is failing',
        description:
          'Storage replication 101-0 from node/pve1 to node/pve2 has failed 2 times in a row. The replica is getting older: a failover would lose more data.',
      },
    ],
  },
  {
    alert: 'PveGuestNotBackedUp',
    name: 'guest outside every backup job',
    series: [
      [sel('pve_not_backed_up_info', PVE, { id: 'qemu/101' }), '1x100'],
      pveGuest('101', 'web1', 'pve1'),
    ],
    notBefore: '59m',
    firesAt: '60m',
    expected: [
      {
        labels: pveGuestLabels('101', 'web1', 'pve1'),
        summary: 'Guest web1 (101) on node pve1 is not covered by any backup job',
        description:
          'No backup job of the cluster includes qemu 101 (web1). Add it to a job (Datacenter → Backup) or exclude it knowingly.',
      },
    ],
  },
];

export const quiet: QuietCase[] = [
  {
    alert: 'PveStorageFillingUp',
    name: '90% used but flat; 85% growing too slowly to fill in 24 h',
    series: [
      [sel('pve_disk_size_bytes', LVM), '1000x200'],
      [sel('pve_disk_usage_bytes', LVM), '900x200'],
      [sel('pve_disk_size_bytes', PVE, { id: 'storage/pve2/ceph' }), '1000x200'],
      [sel('pve_disk_usage_bytes', PVE, { id: 'storage/pve2/ceph' }), '850+0.001x200'],
    ],
    at: ['90m', '180m'],
  },
  {
    alert: 'PveStorageAlmostFull',
    name: 'exactly 95% is not above 95%',
    series: [
      [sel('pve_disk_size_bytes', LVM), '1000x20'],
      [sel('pve_disk_usage_bytes', LVM), '950x20'],
    ],
    at: ['10m'],
  },
  {
    alert: 'GuestFilesystemFillingUp',
    name: 'tmpfs filling, 15% free but stable, an excluded HarddiskVolume',
    series: [
      [
        sel('node_filesystem_avail_bytes', LG, {
          device: 'tmpfs',
          fstype: 'tmpfs',
          mountpoint: '/run',
        }),
        '210-0.5x200',
      ],
      [
        sel('node_filesystem_size_bytes', LG, {
          device: 'tmpfs',
          fstype: 'tmpfs',
          mountpoint: '/run',
        }),
        '1000x200',
      ],
      [
        sel('node_filesystem_readonly', LG, {
          device: 'tmpfs',
          fstype: 'tmpfs',
          mountpoint: '/run',
        }),
        '0x200',
      ],
      [sel('node_filesystem_avail_bytes', LG, ROOT), '150x200'],
      [sel('node_filesystem_size_bytes', LG, ROOT), '1000x200'],
      [sel('node_filesystem_readonly', LG, ROOT), '0x200'],
      [sel('windows_logical_disk_free_bytes', WG, { volume: 'HarddiskVolume2' }), '210-0.5x200'],
      [sel('windows_logical_disk_size_bytes', WG, { volume: 'HarddiskVolume2' }), '1000x200'],
    ],
    at: ['90m', '150m'],
  },
  {
    alert: 'GuestFilesystemAlmostFull',
    name: 'exactly 5% free; a read-only ISO mount at 0%',
    series: [
      [sel('node_filesystem_avail_bytes', LG, ROOT), '50x30'],
      [sel('node_filesystem_size_bytes', LG, ROOT), '1000x30'],
      [sel('node_filesystem_readonly', LG, ROOT), '0x30'],
      [
        sel('node_filesystem_avail_bytes', LG, {
          device: '/dev/sr0',
          fstype: 'iso9660',
          mountpoint: '/media/cdrom',
        }),
        '0x30',
      ],
      [
        sel('node_filesystem_size_bytes', LG, {
          device: '/dev/sr0',
          fstype: 'iso9660',
          mountpoint: '/media/cdrom',
        }),
        '1000x30',
      ],
      [
        sel('node_filesystem_readonly', LG, {
          device: '/dev/sr0',
          fstype: 'iso9660',
          mountpoint: '/media/cdrom',
        }),
        '1x30',
      ],
    ],
    at: ['20m'],
  },
  {
    alert: 'PveReplicationFailed',
    name: 'replication healthy',
    series: [
      [sel('pve_replication_failed_syncs', PVE, { id: '101-0' }), '0x20'],
      [
        sel('pve_replication_info', PVE, {
          id: '101-0',
          guest: 'qemu/101',
          source: 'node/pve1',
          target: 'node/pve2',
          type: 'local',
        }),
        '1x20',
      ],
      pveGuest('101', 'web1', 'pve1'),
    ],
    at: ['15m'],
  },
  {
    alert: 'PveGuestNotBackedUp',
    name: 'added to a backup job after 30 minutes',
    series: [
      [sel('pve_not_backed_up_info', PVE, { id: 'qemu/101' }), '1x30'],
      pveGuest('101', 'web1', 'pve1'),
    ],
    at: ['60m', '90m'],
  },
];
