import type { Permissions, ProxmoxVersion } from '@pvemon/proxmox-client';
import type { ResolvedCluster } from '../config/load.js';
import { describeError } from '../discovery/errors.js';
import { checkFeatures, formatPermissions } from '../doctor/privileges.js';

/** What `doctor` asks each cluster. */
export interface DoctorClient {
  version(): Promise<ProxmoxVersion>;
  permissions(): Promise<Permissions>;
}

export interface DoctorResult {
  readonly lines: string[];
  /** False when a required feature is missing or the cluster cannot be reached. */
  readonly ok: boolean;
}

/** Connects to a cluster and explains which privileges the token has and lacks. */
export async function doctorCluster(
  c: ResolvedCluster,
  client: DoctorClient,
  secrets: readonly string[],
): Promise<DoctorResult> {
  const lines = [`== cluster ${c.name} (${c.endpoints.join(', ')}) as ${c.tokenId}`];
  let version: ProxmoxVersion;
  let perms: Permissions;
  try {
    version = await client.version();
    perms = await client.permissions();
  } catch (err) {
    lines.push(`  cannot query the cluster: ${describeError(err, secrets)}`);
    return { lines, ok: false };
  }
  lines.push(`  Proxmox VE ${version.version} (major ${version.major ?? 'unknown'})`);
  lines.push('  effective privileges of the token (GET /access/permissions):');
  const effective = formatPermissions(perms);
  for (const l of effective.length ? effective : ['(none)']) lines.push(`    ${l}`);
  let ok = true;
  for (const f of checkFeatures(perms, version.major, c.tokenId)) {
    lines.push(`  [${f.ok ? ' ok ' : f.required ? 'FAIL' : 'WARN'}] ${f.feature}: ${f.purpose}`);
    if (!f.ok) {
      if (f.required) ok = false;
      lines.push(`         missing: ${f.missing.join('; ')}`);
      lines.push('         fix (on any PVE node, as root):');
      for (const cmd of f.fix) lines.push(`           ${cmd}`);
    }
  }
  return { lines, ok };
}
