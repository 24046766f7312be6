// Roles and PVE's ACL evaluation: the most specific path level with matching ACL entries wins
// (ancestors only through `propagate`), and a guest in a pool also gets the pool's privileges.
import type { PveFlavor } from '../model/pve-version.js';

export type RoleName = 'Administrator' | 'PVEAuditor' | 'PVEAuditorAgent';

export interface AclEntry {
  path: string;
  role: RoleName;
  propagate: boolean;
}

const AUDIT = [
  'Datastore.Audit',
  'Mapping.Audit',
  'Pool.Audit',
  'SDN.Audit',
  'Sys.Audit',
  'VM.Audit',
];

const ADMIN_COMMON = [
  ...AUDIT,
  'Datastore.Allocate',
  'Datastore.AllocateSpace',
  'Datastore.AllocateTemplate',
  'Group.Allocate',
  'Mapping.Modify',
  'Mapping.Use',
  'Permissions.Modify',
  'Pool.Allocate',
  'Realm.Allocate',
  'Realm.AllocateUser',
  'SDN.Allocate',
  'SDN.Use',
  'Sys.Console',
  'Sys.Incoming',
  'Sys.Modify',
  'Sys.PowerMgmt',
  'Sys.Syslog',
  'User.Modify',
  'VM.Allocate',
  'VM.Backup',
  'VM.Clone',
  'VM.Config.CDROM',
  'VM.Config.CPU',
  'VM.Config.Cloudinit',
  'VM.Config.Disk',
  'VM.Config.HWType',
  'VM.Config.Memory',
  'VM.Config.Network',
  'VM.Config.Options',
  'VM.Console',
  'VM.Migrate',
  'VM.PowerMgmt',
  'VM.Snapshot',
  'VM.Snapshot.Rollback',
];

/** Privileges of a role for a PVE release (PVE 9 replaced VM.Monitor with VM.GuestAgent.*). */
export function rolePrivileges(role: RoleName, flavor: PveFlavor): string[] {
  const pve9 = flavor.major >= 9;
  const auditor = pve9 ? [...AUDIT, 'VM.GuestAgent.Audit'] : AUDIT;
  switch (role) {
    case 'PVEAuditor':
      return [...auditor].sort();
    case 'PVEAuditorAgent':
      return [...auditor, ...(pve9 ? [] : ['VM.Monitor'])].sort();
    case 'Administrator':
      return [
        ...ADMIN_COMMON,
        ...(pve9
          ? [
              'VM.GuestAgent.Audit',
              'VM.GuestAgent.FileRead',
              'VM.GuestAgent.FileSystemMgmt',
              'VM.GuestAgent.FileWrite',
              'VM.GuestAgent.Unrestricted',
              'VM.Replicate',
            ]
          : ['VM.Monitor']),
      ].sort();
  }
}

/** Privilege → propagate flag (1/0), as `/access/permissions` reports them. */
export type PrivilegeMap = Record<string, 0 | 1>;

function ancestry(path: string): string[] {
  const parts = path.split('/').filter((p) => p.length > 0);
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) out.push(`/${parts.slice(0, i).join('/')}`);
  out.push('/');
  return out;
}

export class PermissionSet {
  private readonly cache = new Map<string, PrivilegeMap>();
  /** Set when the only ACL entry is a propagating one on `/`: every path has the same privileges. */
  private readonly uniform: PrivilegeMap | undefined;

  constructor(
    readonly acl: readonly AclEntry[],
    private readonly flavor: PveFlavor,
    private readonly poolOf: (vmid: number) => string | undefined,
  ) {
    const only = acl.length === 1 ? acl[0] : undefined;
    this.uniform = only?.path === '/' && only.propagate ? this.direct('/') : undefined;
  }

  private direct(path: string): PrivilegeMap {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const result: PrivilegeMap = {};
    for (const level of ancestry(path)) {
      const entries = this.acl.filter((e) => e.path === level && (level === path || e.propagate));
      if (entries.length === 0) continue;
      for (const e of entries) {
        for (const p of rolePrivileges(e.role, this.flavor)) {
          result[p] = e.propagate || result[p] === 1 ? 1 : 0;
        }
      }
      break;
    }
    this.cache.set(path, result);
    return result;
  }

  /** Effective privileges on a path (pool membership adds `/pool/<pool>` for guests). */
  privileges(path: string): PrivilegeMap {
    const own = this.direct(path);
    const m = /^\/vms\/(\d+)$/.exec(path);
    const pool = m ? this.poolOf(Number(m[1])) : undefined;
    if (!pool) return own;
    return { ...this.direct(`/pool/${pool}`), ...own };
  }

  has(path: string, privilege: string): boolean {
    // Hot path (/cluster/resources checks every guest): avoid building merged maps.
    if (this.uniform) return this.uniform[privilege] !== undefined;
    if (this.direct(path)[privilege] !== undefined) return true;
    if (!path.startsWith('/vms/')) return false;
    const pool = this.poolOf(Number(path.slice(5)));
    return pool !== undefined && this.direct(`/pool/${pool}`)[privilege] !== undefined;
  }
}
