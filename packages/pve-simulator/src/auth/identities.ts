// The users and API tokens the simulated cluster knows, with deterministic secrets from the seed.
import { mixSeed, mulberry32, uuid } from '../model/rng.js';
import type { AclEntry } from './privileges.js';

export interface TokenInfo {
  /** Full token id `USER@REALM!TOKENID`. */
  id: string;
  userid: string;
  tokenName: string;
  secret: string;
  /** Ready-to-use `Authorization` header value. */
  header: string;
  description: string;
  acl: AclEntry[];
}

export interface UserInfo {
  userid: string;
  password: string;
  acl: AclEntry[];
}

export interface SimulatorTokens {
  /** `root@pam!pvemon-admin`: Administrator on `/`. */
  admin: TokenInfo;
  /** `pvemon@pve!monitor`: PVEAuditor on `/` (the recommended monitoring token). */
  auditor: TokenInfo;
  /** `pvemon@pve!agent`: PVEAuditor + VM.Monitor on `/` (what PVE 8 needs for guest-agent IPs). */
  agent: TokenInfo;
  /** `restricted@pve!pvemon`: PVEAuditor only on `/pool/dev` and two single VMs; no `/`. */
  restricted: TokenInfo;
}

export interface SimulatorUsers {
  root: UserInfo;
  monitor: UserInfo;
}

function token(id: string, secret: string, description: string, acl: AclEntry[]): TokenInfo {
  const bang = id.indexOf('!');
  return {
    id,
    userid: id.slice(0, bang),
    tokenName: id.slice(bang + 1),
    secret,
    header: `PVEAPIToken=${id}=${secret}`,
    description,
    acl,
  };
}

export function createIdentities(
  seed: number,
  restrictedVmids: readonly number[],
): { tokens: SimulatorTokens; users: SimulatorUsers } {
  const rng = mulberry32(mixSeed(seed, 0x70c3));
  const everything = (role: AclEntry['role']): AclEntry[] => [{ path: '/', role, propagate: true }];
  const tokens: SimulatorTokens = {
    admin: token(
      'root@pam!pvemon-admin',
      uuid(rng),
      'Administrator on /',
      everything('Administrator'),
    ),
    auditor: token('pvemon@pve!monitor', uuid(rng), 'PVEAuditor on /', everything('PVEAuditor')),
    agent: token(
      'pvemon@pve!agent',
      uuid(rng),
      'PVEAuditor + VM.Monitor on / (PVE 8 guest-agent access)',
      everything('PVEAuditorAgent'),
    ),
    restricted: token(
      'restricted@pve!pvemon',
      uuid(rng),
      `PVEAuditor on /pool/dev and ${restrictedVmids.map((v) => `/vms/${v}`).join(', ')} only`,
      [
        { path: '/pool/dev', role: 'PVEAuditor', propagate: true },
        ...restrictedVmids.map((v) => ({
          path: `/vms/${v}`,
          role: 'PVEAuditor' as const,
          propagate: false,
        })),
      ],
    ),
  };
  const users: SimulatorUsers = {
    root: {
      userid: 'root@pam',
      password: `sim-${uuid(rng).slice(0, 13)}`,
      acl: everything('Administrator'),
    },
    monitor: {
      userid: 'pvemon@pve',
      password: `sim-${uuid(rng).slice(0, 13)}`,
      acl: everything('PVEAuditor'),
    },
  };
  return { tokens, users };
}
