// Simulator options with defaults and validation that names the offending field.

import type { ExporterOptions } from './exporters/server.js';
import { MAX_ADDRESS_OFFSET } from './model/address-plan.js';

export interface SimulatorOptions {
  /**
   * Serve emulated exporters (node_exporter, windows_exporter, pve-exporter, nvidia_gpu_exporter)
   * on the address plan's loopback addresses. `true` = standard ports; an object tunes them
   * (`{ ports: 'ephemeral' }` in tests). Default off.
   */
  exporters?: boolean | ExporterOptions;
  /** Scenarios active from the start, e.g. `['cpu-saturation:vm101']`. */
  scenarios?: string[];
  /** Cluster nodes (default 3). */
  nodes?: number;
  /** Guests, qemu and lxc (default 40). */
  guests?: number;
  /** Seed for the deterministic cluster (default 1). */
  seed?: number;
  /** PVE version: 8, 9 (default), 7, or a release/version like "8.0" / "8.2.4". */
  pveVersion?: string | number;
  /** Address the listeners bind (default 127.0.0.1). */
  host?: string;
  /** First port; endpoint i listens on port + i. 0 (default) = ephemeral port per endpoint. */
  port?: number;
  /**
   * Bind each node's listener on that node's own loopback address (127.1.0.i, see the address
   * plan) instead of `host`, all on the same `port` — like a real cluster's node:8006.
   */
  bindNodeAddresses?: boolean;
  /** How many nodes get an API listener (default: every node). */
  endpoints?: number;
  /** Delay before each 401 (pveproxy uses 3000 ms; default 3000, tests use 0). */
  authDelayMs?: number;
  /**
   * How long a failing guest-agent call takes (PVE's guest-ping times out after 3 s). Applies to
   * agents that are enabled but not running in the guest and to `dead` faults without their own
   * `delayMs`. Default 0 so tests stay fast; the demo can use 3000.
   */
  agentTimeoutMs?: number;
  /** Ticket lifetime (PVE: 2 h). */
  ticketLifetimeMs?: number;
  /** Stats refresh cadence (pvestatd: 10 s). */
  statsIntervalMs?: number;
  clusterName?: string;
  /** A single node that is not part of a cluster (needs nodes: 1): /cluster/status has no cluster row. */
  standalone?: boolean;
  /** Clock in epoch milliseconds (default Date.now), for ticket-expiry tests. */
  now?: () => number;
  /** Directory for pve-root-ca.pem (default: a fresh temp directory, removed on close). */
  caDir?: string;
  /**
   * Shifts the whole loopback address plan (nodes 127.<1+o>.…, guests 127.<100+o>.…, the
   * pve-exporter to 127.<1+o>.255.254) so simulators with standard-port exporters can run side by
   * side (parallel test suites). 0..98, default 0 (the documented demo addresses).
   */
  addressOffset?: number;
  /**
   * `demo`: a healthy cluster — no IPv6-only guests (unroutable ULA addresses) and an exporter in
   * every running guest; scenarios still break things at run time. `default`: the fixed traits the
   * tests rely on (IPv6-only guests, guests without exporter).
   */
  profile?: 'default' | 'demo';
  /**
   * Extra subject alternative names on every node certificate: host names (e.g. `pve-simulator`,
   * the Compose service name clients connect to) or IP addresses.
   */
  tlsSans?: string[];
}

export interface ResolvedOptions {
  exporters: ExporterOptions | undefined;
  scenarios: string[];
  nodes: number;
  guests: number;
  seed: number;
  pveVersion: string;
  host: string;
  port: number;
  endpoints: number;
  bindNodeAddresses: boolean;
  authDelayMs: number;
  agentTimeoutMs: number;
  ticketLifetimeMs: number;
  statsIntervalMs: number;
  clusterName: string | undefined;
  standalone: boolean;
  now: () => number;
  caDir: string | undefined;
  addressOffset: number;
  profile: 'default' | 'demo';
  tlsSans: string[];
}

function int(
  name: string,
  value: number | undefined,
  def: number,
  min: number,
  max: number,
): number {
  const v = value ?? def;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(
      `option "${name}" must be an integer in ${min}..${max}, got ${String(value)}`,
    );
  }
  return v;
}

function profileOption(p: string | undefined): 'default' | 'demo' {
  if (p === undefined || p === 'default' || p === 'demo') return p ?? 'default';
  throw new RangeError(`option "profile" must be "default" or "demo", got ${JSON.stringify(p)}`);
}

export function resolveOptions(o: SimulatorOptions = {}): ResolvedOptions {
  const nodes = int('nodes', o.nodes, o.standalone ? 1 : 3, 1, 1000);
  if (o.standalone && nodes !== 1) {
    throw new RangeError(`option "standalone" needs nodes: 1, got nodes: ${nodes}`);
  }
  return {
    exporters: o.exporters === true ? {} : o.exporters || undefined,
    scenarios: o.scenarios ?? [],
    nodes,
    guests: int('guests', o.guests, 40, 0, 1_000_000),
    seed: int('seed', o.seed, 1, 0, 2 ** 32 - 1),
    pveVersion: String(o.pveVersion ?? '9'),
    host: o.host ?? '127.0.0.1',
    port: int('port', o.port, 0, 0, 65_535 - nodes),
    endpoints: int('endpoints', o.endpoints, nodes, 1, nodes),
    bindNodeAddresses: o.bindNodeAddresses ?? false,
    authDelayMs: int('authDelayMs', o.authDelayMs, 3000, 0, 600_000),
    agentTimeoutMs: int('agentTimeoutMs', o.agentTimeoutMs, 0, 0, 600_000),
    ticketLifetimeMs: int('ticketLifetimeMs', o.ticketLifetimeMs, 7_200_000, 1, 2 ** 31 - 1),
    statsIntervalMs: int('statsIntervalMs', o.statsIntervalMs, 10_000, 1, 3_600_000),
    clusterName: o.clusterName,
    standalone: o.standalone ?? false,
    now: o.now ?? Date.now,
    caDir: o.caDir,
    addressOffset: int('addressOffset', o.addressOffset, 0, 0, MAX_ADDRESS_OFFSET),
    profile: profileOption(o.profile),
    tlsSans: (o.tlsSans ?? []).map((san, i) => {
      if (!/^[A-Za-z0-9.:-]+$/.test(san) || san.length > 253) {
        throw new RangeError(
          `option "tlsSans[${i}]" must be a host name or IP address, got ${JSON.stringify(san)}`,
        );
      }
      return san;
    }),
  };
}
