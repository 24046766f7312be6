// startSimulator(): generates the cluster, the CA and per-node certificates, and opens one
// HTTPS listener per node (each like that node's pveproxy, all serving the whole cluster).
import { buildApp } from './api/app.js';
import type { ApiContext } from './api/context.js';
import { Listeners } from './api/listeners.js';
import type { EndpointInfo } from './api/listeners.js';
import { createIdentities } from './auth/identities.js';
import type { SimulatorTokens, SimulatorUsers } from './auth/identities.js';
import { PermissionSet } from './auth/privileges.js';
import type { AclEntry } from './auth/privileges.js';
import { TicketAuthority } from './auth/tickets.js';
import { createControl } from './control/control.js';
import type { SimulatorControl } from './control/control.js';
import { FaultState } from './control/faults.js';
import { registerHttpControl } from './control/http-control.js';
import { RequestCounter } from './control/request-counter.js';
import { ClusterModel } from './model/cluster.js';
import { pveExporterAddress } from './model/address-plan.js';
import { generateCluster } from './model/generate.js';
import { resolvePveVersion } from './model/pve-version.js';
import type { PveFlavor } from './model/pve-version.js';
import { hex, mixSeed, mulberry32 } from './model/rng.js';
import { resolveOptions } from './options.js';
import type { SimulatorOptions } from './options.js';
import { NodeCertificates } from './tls/node-certificates.js';
import { ExporterServer } from './exporters/server.js';
import type { ExporterEndpoint } from './exporters/server.js';
import { LoadModel } from './load/load-model.js';
import { createScenarioControl } from './load/scenario-control.js';
import { ScenarioState } from './load/scenarios.js';
import { loadStatsProvider } from './load/stats-provider.js';
import { registerStatsProvider } from './model/stats.js';

export type SimulatorEndpoint = EndpointInfo;

export interface Simulator {
  /** One endpoint per node with a listener (live view). */
  readonly endpoints: SimulatorEndpoint[];
  /** Base URL of the first endpoint. */
  readonly url: string;
  /** The cluster CA (`pve-root-ca.pem`) as PEM and as a file path. */
  readonly ca: { pem: string; path: string };
  /** Leaf SHA-256 fingerprint per node, PVE format (uppercase, colon-separated); live. */
  readonly fingerprints: Record<string, string>;
  /** Fingerprint of the first endpoint's certificate (live). */
  readonly fingerprint: string;
  readonly tokens: SimulatorTokens;
  readonly users: SimulatorUsers;
  readonly pve: PveFlavor;
  readonly clusterName: string;
  readonly nodes: { name: string; ip: string; nodeid: number }[];
  readonly control: SimulatorControl;
  /** Read access to the live model (for exporter emulation and assertions). */
  readonly model: ClusterModel;
  /** The load model every stats view and exporter reads (personalities, counters, scenarios). */
  readonly load: LoadModel;
  /** Emulated exporter endpoints (live; empty unless started with `exporters`). */
  readonly exporters: ExporterEndpoint[];
  /** Gateway serving every exporter by path (`/targets`, `/guests/<vmid>/metrics`, …); '' without exporters. */
  readonly exporterGateway: string;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const o = resolveOptions(options);
  const flavor = resolvePveVersion(o.pveVersion);
  const nowSec = (): number => Math.floor(o.now() / 1000);
  const spec = generateCluster({
    seed: o.seed,
    nodes: o.nodes,
    guests: o.guests,
    now: nowSec(),
    clusterName: o.clusterName,
    addressOffset: o.addressOffset,
    profile: o.profile,
  });
  const model = new ClusterModel(spec, o.seed, nowSec, o.addressOffset);
  const scenarioState = new ScenarioState();
  const load = new LoadModel(model, o.seed, scenarioState, o.now, {
    everyGuestHasExporter: o.profile === 'demo',
  });
  const statsProvider = loadStatsProvider(load);
  for (const n of model.nodes) registerStatsProvider(n, statsProvider);

  // The restricted token sees pool "dev" plus two guests outside it.
  const outsideDev = model
    .guests()
    .filter((g) => g.pool !== 'dev')
    .slice(0, 2)
    .map((g) => g.vmid);
  const { tokens, users } = createIdentities(o.seed, outsideDev);
  const aclOf = new Map<string, AclEntry[]>();
  for (const t of Object.values(tokens)) aclOf.set(t.id, t.acl);
  for (const u of Object.values(users)) aclOf.set(u.userid, u.acl);
  const permCache = new Map<string, PermissionSet>();
  const permissionsFor = (id: string): PermissionSet => {
    let p = permCache.get(id);
    if (!p) {
      p = new PermissionSet(aclOf.get(id) ?? [], flavor, (vmid) => model.guest(vmid)?.pool);
      permCache.set(id, p);
    }
    return p;
  };

  const isIp = (h: string): boolean => /^[\d.]+$|:/.test(h);
  const sanIps = [...(isIp(o.host) ? [o.host] : []), ...o.tlsSans.filter(isIp)];
  const certs = new NodeCertificates(
    model.name,
    model.nodes,
    sanIps,
    o.caDir,
    o.tlsSans.filter((h) => !isIp(h)),
  );

  let authDelayMs = o.authDelayMs;
  const faults = new FaultState(mulberry32(mixSeed(o.seed, 0xfa17)));
  const counter = new RequestCounter();
  const ticketKey = hex(mulberry32(mixSeed(o.seed, 0x71c)), 64);
  const ctx: ApiContext = {
    model,
    flavor,
    standalone: o.standalone,
    faults,
    counter,
    tokens,
    users,
    tickets: new TicketAuthority(ticketKey, () => o.ticketLifetimeMs, o.now),
    authDelayMs: () => authDelayMs,
    agentTimeoutMs: o.agentTimeoutMs,
    nowMs: o.now,
    statsIntervalMs: o.statsIntervalMs,
    fingerprintOf: (node) => certs.fingerprint(node),
    permissionsFor,
  };

  const listeners = new Listeners();
  const endpointControl = {
    has: (node: string): boolean => listeners.has(node),
    down: (node: string): Promise<void> => listeners.down(node),
    up: (node: string): Promise<void> => listeners.up(node),
    rotate: (node: string | undefined): Record<string, string> => {
      const targets =
        node === undefined ? model.nodes.map((n) => n.name) : [model.requireNode(node).name];
      const out: Record<string, string> = {};
      for (const [name, leaf] of certs.rotate(targets)) {
        out[name] = leaf.fingerprint;
        listeners.setCertificate(name, leaf);
      }
      return out;
    },
  };
  let exporterServer: ExporterServer | undefined;
  const scenarioControl = createScenarioControl({
    model,
    state: scenarioState,
    nowSec: () => o.now() / 1000,
    reconcile: () => exporterServer?.reconcile() ?? Promise.resolve(),
  });
  const control = createControl({
    scenarios: scenarioControl,
    exporters: () => exporterServer?.endpoints() ?? [],
    model,
    faults,
    counter,
    endpoints: endpointControl,
    knownTokenIds: () => Object.values(tokens).map((t) => t.id),
    setAuthDelay: (ms) => {
      if (!Number.isInteger(ms) || ms < 0)
        throw new RangeError(`auth delay must be an integer ≥ 0, got ${ms}`);
      authDelayMs = ms;
    },
  });

  const built = buildApp(ctx, (app) => registerHttpControl(app, control, () => info()));
  await built.app.ready();
  listeners.serve(built.handler());

  try {
    for (let i = 0; i < o.endpoints; i++) {
      const node = model.nodes[i];
      if (!node) break;
      const host = o.bindNodeAddresses ? node.ip : o.host;
      const port = o.port === 0 || o.bindNodeAddresses ? o.port : o.port + i;
      await listeners.open(node.name, host, port, certs.leaf(node.name));
    }
    if (o.exporters) {
      exporterServer = new ExporterServer(
        {
          load,
          flavor,
          standalone: o.standalone,
          nowMs: o.now,
          statsIntervalMs: o.statsIntervalMs,
          hostNodeExporterVersion: flavor.major >= 9 ? '1.12.1' : '1.5.0',
        },
        {
          pveExporterAddress: pveExporterAddress(o.addressOffset),
          ...o.exporters,
        },
      );
      await exporterServer.start();
    }
    for (const spec of o.scenarios) await scenarioControl.startScenario(spec);
  } catch (err) {
    await exporterServer?.close();
    await listeners.closeAll();
    await built.app.close();
    certs.dispose();
    throw err;
  }

  const endpoints = (): SimulatorEndpoint[] => listeners.endpoints();
  const info = (): Record<string, unknown> => ({
    clusterName: model.name,
    pveVersion: flavor.version,
    endpoints: endpoints(),
    fingerprints: certs.fingerprints(),
    caPath: certs.caPath,
    tokens: Object.values(tokens).map((t) => ({ id: t.id, description: t.description })),
    nodes: model.nodes.map((n) => ({ name: n.name, ip: n.ip, online: n.online })),
    guests: model.guests().length,
  });

  let closed = false;
  return {
    get endpoints() {
      return endpoints();
    },
    get url() {
      return endpoints()[0]?.url ?? '';
    },
    ca: { pem: certs.ca.certPem, path: certs.caPath },
    get fingerprints() {
      return certs.fingerprints();
    },
    get fingerprint() {
      return certs.fingerprint(listeners.endpoints()[0]?.node ?? '') ?? '';
    },
    tokens,
    users,
    pve: flavor,
    clusterName: model.name,
    nodes: model.nodes.map((n) => ({ name: n.name, ip: n.ip, nodeid: n.nodeid })),
    control,
    model,
    load,
    get exporters() {
      return exporterServer?.endpoints() ?? [];
    },
    get exporterGateway() {
      return exporterServer?.gatewayUrl ?? '';
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await exporterServer?.close();
      await listeners.closeAll();
      await built.app.close();
      certs.dispose();
    },
  };
}
