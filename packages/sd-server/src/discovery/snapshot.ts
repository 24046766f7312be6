import type { AddressSource, Guest, GuestConfig, OsFamily, UnresolvedReason } from './model.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly source: AddressSource;
}

/** What discovery knows about one guest. */
export interface GuestEntry {
  readonly guest: Guest;
  readonly config?: GuestConfig;
  readonly os: OsFamily;
  /** Last known good address of a running guest. */
  readonly address?: ResolvedAddress;
  /** The address comes from an earlier refresh because this refresh could not confirm it. */
  readonly addressStale: boolean;
  /** Why this running guest has no (fresh) address. */
  readonly unresolved?: UnresolvedReason;
  /** Kept from the last snapshot because its node is offline / unreachable. */
  readonly fromUnreachableNode: boolean;
}

/**
 * A GuestEntry with every field present, in one order: 10,000 entries built by spreading
 * optional fields would each get their own hidden class (several MB of V8 maps).
 */
export function guestEntry(e: GuestEntry): GuestEntry {
  return {
    guest: e.guest,
    config: e.config,
    os: e.os,
    address: e.address,
    addressStale: e.addressStale,
    unresolved: e.unresolved,
    fromUnreachableNode: e.fromUnreachableNode,
  };
}

export interface NodeEntry {
  readonly name: string;
  readonly ip?: string;
  readonly online: boolean;
  readonly nodeId?: number;
}

/** One cluster's discovery result; immutable once published. */
export interface ClusterSnapshot {
  /** The configured cluster name (the `cluster` label). */
  readonly cluster: string;
  /** Corosync cluster name, when clustered. */
  readonly corosyncName?: string;
  readonly takenAt: number;
  readonly guests: ReadonlyMap<number, GuestEntry>;
  readonly nodes: readonly NodeEntry[];
  /** Nodes offline in /cluster/status or answering 595/596 during this refresh. */
  readonly unreachableNodes: readonly string[];
  /** Proxmox API calls this refresh made. */
  readonly apiCalls: number;
}

/** A guest is a scrape target when it runs, is not a template and has an address. */
export function isTarget(e: GuestEntry): e is GuestEntry & { address: ResolvedAddress } {
  return e.guest.status === 'running' && !e.guest.template && e.address !== undefined;
}

/** Running, non-template guests without an address, by reason. */
export function unresolvedByReason(s: ClusterSnapshot): Map<UnresolvedReason, number[]> {
  const out = new Map<UnresolvedReason, number[]>();
  for (const e of s.guests.values()) {
    if (e.guest.status !== 'running' || e.guest.template || e.address || !e.unresolved) continue;
    const list = out.get(e.unresolved) ?? [];
    list.push(e.guest.vmid);
    out.set(e.unresolved, list);
  }
  return out;
}
