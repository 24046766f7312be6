import { describe, expect, it } from 'vitest';
import type { Permissions } from '@pvemon/proxmox-client';
import { checkFeatures } from './privileges.js';

const auditor8 = [
  'VM.Audit',
  'Sys.Audit',
  'Datastore.Audit',
  'SDN.Audit',
  'Pool.Audit',
  'Mapping.Audit',
];
const perms = (path: string, privs: string[], propagate = true): Permissions => ({
  paths: { [path]: Object.fromEntries(privs.map((p) => [p, { propagate }])) },
});

describe('checkFeatures', () => {
  it('PVE 9 PVEAuditor on / satisfies everything', () => {
    const r = checkFeatures(perms('/', [...auditor8, 'VM.GuestAgent.Audit']), 9, 'mon@pve!sd');
    expect(r.every((f) => f.ok)).toBe(true);
  });

  it('PVE 8 PVEAuditor lacks VM.Monitor for guest-agent IPs, with the pveum fix', () => {
    const r = checkFeatures(perms('/', auditor8), 8, 'mon@pve!sd');
    const agent = r.find((f) => f.feature.startsWith('guest-agent'));
    expect(agent?.ok).toBe(false);
    expect(agent?.missing).toEqual(['VM.Monitor on /vms']);
    expect(agent?.fix).toContain("pveum acl modify /vms --roles PVEMonAgent --tokens 'mon@pve!sd'");
    expect(r.filter((f) => !f.ok)).toHaveLength(1);
  });

  it('an empty token misses inventory (required) with PVEAuditor commands', () => {
    const r = checkFeatures({ paths: {} }, 9, 'mon@pve!sd');
    const inv = r.find((f) => f.feature === 'inventory');
    expect(inv).toMatchObject({ ok: false, required: true });
    expect(inv?.fix).toEqual([
      "pveum acl modify / --roles PVEAuditor --users 'mon@pve'",
      "pveum acl modify / --roles PVEAuditor --tokens 'mon@pve!sd'",
    ]);
  });
});
