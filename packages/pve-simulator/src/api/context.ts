// Everything the API routes share: the model, the PVE flavour, auth, faults and counters.
import type { PermissionSet } from '../auth/privileges.js';
import type { SimulatorTokens, SimulatorUsers } from '../auth/identities.js';
import type { TicketAuthority } from '../auth/tickets.js';
import type { FaultState } from '../control/faults.js';
import type { RequestCounter } from '../control/request-counter.js';
import type { ClusterModel } from '../model/cluster.js';
import type { PveFlavor } from '../model/pve-version.js';

export interface Principal {
  /** `user@realm!token` for tokens, `user@realm` for tickets. */
  id: string;
  userid: string;
  kind: 'token' | 'ticket';
  perms: PermissionSet;
}

export interface ApiContext {
  model: ClusterModel;
  flavor: PveFlavor;
  /** Single non-clustered node: /cluster/status has only a fake node entry (nodeid 0). */
  standalone: boolean;
  faults: FaultState;
  counter: RequestCounter;
  tokens: SimulatorTokens;
  users: SimulatorUsers;
  tickets: TicketAuthority;
  /** Delay before every 401, like pveproxy's 3 s (0 in tests). */
  authDelayMs: () => number;
  /** Duration of a failing guest-agent call (guest-ping timeout). */
  agentTimeoutMs: number;
  nowMs: () => number;
  /** Stats epoch length (pvestatd broadcasts every 10 s). */
  statsIntervalMs: number;
  /** Current leaf fingerprint served by a node's endpoint. */
  fingerprintOf: (node: string) => string | undefined;
  permissionsFor: (principalId: string) => PermissionSet;
}

export function nowSec(ctx: ApiContext): number {
  return Math.floor(ctx.nowMs() / 1000);
}

/** Seconds timestamp aligned to the stats epoch, so stats are stable within an epoch. */
export function statsNowSec(ctx: ApiContext): number {
  const ms = ctx.nowMs();
  return Math.floor((ms - (ms % ctx.statsIntervalMs)) / 1000);
}
