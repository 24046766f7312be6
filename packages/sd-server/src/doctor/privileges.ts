import { hasPrivilege, type Permissions } from '@pvemon/proxmox-client';

export interface FeatureCheck {
  readonly feature: string;
  /** What the feature gives (printed next to its status). */
  readonly purpose: string;
  readonly ok: boolean;
  /** Privileges missing, as `Privilege on /path`. */
  readonly missing: readonly string[];
  /** `pveum` commands that grant what is missing. */
  readonly fix: readonly string[];
  /** Whether discovery works without it (degraded) or not at all. */
  readonly required: boolean;
}

interface Requirement {
  readonly path: string;
  /** Any one of these privileges satisfies the requirement. */
  readonly anyOf: readonly string[];
}

function check(perms: Permissions, reqs: readonly Requirement[]): string[] {
  return reqs
    .filter((r) => !r.anyOf.some((p) => hasPrivilege(perms, r.path, p)))
    .map((r) => `${r.anyOf.join(' or ')} on ${r.path}`);
}

/** `monitor@pve!sd` → { user: `monitor@pve`, token: `monitor@pve!sd` } */
function principals(tokenId: string): { user: string; token: string } {
  return { user: tokenId.split('!')[0] ?? tokenId, token: tokenId };
}

/**
 * What each sd-server feature needs, checked against the token's effective privileges
 * (`GET /access/permissions`). PVE 9's PVEAuditor holds `VM.GuestAgent.Audit`; on PVE 8
 * reading guest-agent IPs needs `VM.Monitor`, which no audit role has.
 */
export function checkFeatures(
  perms: Permissions,
  pveMajor: number | undefined,
  tokenId: string,
): FeatureCheck[] {
  const { user, token } = principals(tokenId);
  // A privilege-separated token needs the grant on both the user and the token.
  const grant = (path: string, role: string): string[] => [
    `pveum acl modify ${path} --roles ${role} --users '${user}'`,
    `pveum acl modify ${path} --roles ${role} --tokens '${token}'`,
  ];
  const out: FeatureCheck[] = [];

  const inventoryMissing = check(perms, [
    { path: '/vms', anyOf: ['VM.Audit'] },
    { path: '/', anyOf: ['Sys.Audit'] },
  ]);
  out.push({
    feature: 'inventory',
    purpose:
      '/cluster/resources guest rows (VM.Audit) and /cluster/status node addresses (Sys.Audit on /)',
    ok: inventoryMissing.length === 0,
    missing: inventoryMissing,
    fix: inventoryMissing.length ? grant('/', 'PVEAuditor') : [],
    required: true,
  });

  const poolMissing = check(perms, [{ path: '/pool', anyOf: ['Pool.Audit'] }]);
  out.push({
    feature: 'pools',
    purpose: 'the `pool` label (PVE drops `pool` from rows without Pool.Audit)',
    ok: poolMissing.length === 0,
    missing: poolMissing,
    fix: poolMissing.length ? grant('/', 'PVEAuditor') : [],
    required: false,
  });

  const nodeMissing = check(perms, [{ path: '/nodes', anyOf: ['Sys.Audit'] }]);
  out.push({
    feature: 'node stats',
    purpose: 'node rows and stats (`nodes`/`gpu` roles)',
    ok: nodeMissing.length === 0,
    missing: nodeMissing,
    fix: nodeMissing.length ? grant('/', 'PVEAuditor') : [],
    required: false,
  });

  const pve8 = pveMajor !== undefined && pveMajor < 9;
  const agentPrivs = pve8 ? ['VM.Monitor'] : ['VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted'];
  const agentMissing = check(perms, [{ path: '/vms', anyOf: agentPrivs }]);
  out.push({
    feature: `guest-agent IPs (PVE ${pve8 ? '8' : '9'})`,
    purpose: pve8
      ? 'QEMU guest-agent addresses; PVE 8 checks VM.Monitor, which PVEAuditor lacks (it also allows monitor commands)'
      : 'QEMU guest-agent addresses; PVE 9 checks VM.GuestAgent.Audit (part of PVEAuditor)',
    ok: agentMissing.length === 0,
    missing: agentMissing,
    fix: agentMissing.length
      ? pve8
        ? [
            `pveum role add PVEMonAgent --privs 'VM.Audit VM.Monitor'`,
            ...grant('/vms', 'PVEMonAgent'),
          ]
        : grant('/', 'PVEAuditor')
      : [],
    required: false,
  });
  return out;
}

/** Effective privileges as `path: priv, priv (propagated)` lines, sorted by path. */
export function formatPermissions(perms: Permissions): string[] {
  return Object.keys(perms.paths)
    .sort()
    .map((path) => {
      const privs = Object.entries(perms.paths[path] ?? {})
        .map(([p, g]) => (g.propagate ? p : `${p} (this path only)`))
        .sort();
      return `${path}: ${privs.join(', ')}`;
    });
}
