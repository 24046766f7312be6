// startSimulator(): generates the cluster, the CA and per-node certificates, and opens one
// HTTPS listener per node (each like that node's pveproxy, all serving the whole cluster).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './api/app.js';
import type { ApiContext } from './api/context.js';
import { tagEndpoint } from './api/pipeline.js';
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
import { generateCluster } from './model/generate.js';
import { resolvePveVersion } from './model/pve-version.js';
import type { PveFlavor } from './model/pve-version.js';
import { hex, mixSeed, mulberry32 } from './model/rng.js';
import { resolveOptions } from './options.js';
import type { SimulatorOptions } from './options.js';
import {
  createCertificateAuthority,
  generateRsaKey,
  issueLeafCertificate,
  sharedRsaKey,
} from './tls/certificates.js';
import type { KeyPair, LeafCertificate } from './tls/certificates.js';

export interface SimulatorEndpoint {
  node: string;
  /** Base URL, e.g. `https://127.0.0.1:8006` (append `/api2/json/...`). */
  url: string;
  host: string;
  port: number;
  /** False while taken down by `control.endpointDown`. */
  up: boolean;
}

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
  close(): Promise<void>;
}

interface Listener {
  node: string;
  host: string;
  port: number;
  server: Server;
  sockets: Set<Socket>;
  up: boolean;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

function closeServer(l: Listener): Promise<void> {
  return new Promise((resolve) => {
    if (!l.server.listening) return resolve();
    l.server.close(() => resolve());
    for (const s of l.sockets) s.destroy();
    l.sockets.clear();
  });
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
  });
  const model = new ClusterModel(spec, o.seed, nowSec);

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

  // TLS: one CA, one leaf key shared by the nodes' certificates (distinct certs → distinct
  // fingerprints, as every real node has its own pve-ssl.pem).
  const ca = createCertificateAuthority(model.name);
  const caDir = o.caDir ?? mkdtempSync(join(tmpdir(), 'pvemon-sim-'));
  const caPath = join(caDir, 'pve-root-ca.pem');
  writeFileSync(caPath, ca.certPem);
  let leafKey: KeyPair = sharedRsaKey('leaf');
  const leaves = new Map<string, LeafCertificate>();
  const issue = (node: string, ip: string): LeafCertificate =>
    issueLeafCertificate(ca, {
      nodeName: node,
      dnsNames: ['localhost', node, `${node}.sim.pvemon`],
      ipAddresses: [
        ...new Set([
          '127.0.0.1',
          '::1',
          ip,
          ...(o.host.includes(':') || !/^\d/.test(o.host) ? [] : [o.host]),
        ]),
      ],
      key: leafKey,
    });
  for (const n of model.nodes) leaves.set(n.name, issue(n.name, n.ip));

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
    nowMs: o.now,
    statsIntervalMs: o.statsIntervalMs,
    fingerprintOf: (node) => leaves.get(node)?.fingerprint,
    permissionsFor,
  };

  const listeners: Listener[] = [];
  const endpointControl = {
    has: (node: string): boolean => listeners.some((l) => l.node === node),
    down: async (node: string): Promise<void> => {
      const l = requireListener(node);
      l.up = false;
      await closeServer(l);
    },
    up: async (node: string): Promise<void> => {
      const l = requireListener(node);
      if (l.server.listening) return;
      await listen(l.server, l.port, l.host);
      l.up = true;
    },
    rotate: (node: string | undefined): Record<string, string> => {
      const targets =
        node === undefined ? model.nodes.map((n) => n.name) : [model.requireNode(node).name];
      leafKey = generateRsaKey();
      const out: Record<string, string> = {};
      for (const name of targets) {
        const leaf = issue(name, model.requireNode(name).ip);
        leaves.set(name, leaf);
        out[name] = leaf.fingerprint;
        listeners
          .find((l) => l.node === name)
          ?.server.setSecureContext({ key: leaf.keyPem, cert: leaf.certPem });
      }
      return out;
    },
  };
  const requireListener = (node: string): Listener => {
    const l = listeners.find((x) => x.node === node);
    if (!l)
      throw new Error(
        `no endpoint for node "${node}" (endpoints: ${listeners.map((x) => x.node).join(', ')})`,
      );
    return l;
  };

  const control = createControl({
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
  const handler = built.handler();

  try {
    for (let i = 0; i < o.endpoints; i++) {
      const node = model.nodes[i];
      if (!node) break;
      const leaf = leaves.get(node.name) as LeafCertificate;
      const server = createServer(
        { key: leaf.keyPem, cert: leaf.certPem, keepAliveTimeout: 5000 },
        (req, res) => {
          tagEndpoint(req, node.name);
          handler(req, res);
        },
      );
      const sockets = new Set<Socket>();
      server.on('connection', (s: Socket) => {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
      });
      const host = o.bindNodeAddresses ? node.ip : o.host;
      const wanted = o.port === 0 || o.bindNodeAddresses ? o.port : o.port + i;
      const port = await listen(server, wanted, host);
      listeners.push({ node: node.name, host, port, server, sockets, up: true });
    }
  } catch (err) {
    await Promise.all(listeners.map(closeServer));
    await built.app.close();
    if (!o.caDir) rmSync(caDir, { recursive: true, force: true });
    throw err;
  }

  const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);
  const endpoints = (): SimulatorEndpoint[] =>
    listeners.map((l) => ({
      node: l.node,
      url: `https://${urlHost(l.host)}:${l.port}`,
      host: l.host,
      port: l.port,
      up: l.up,
    }));
  const fingerprints = (): Record<string, string> =>
    Object.fromEntries([...leaves].map(([n, l]) => [n, l.fingerprint]));
  const info = (): Record<string, unknown> => ({
    clusterName: model.name,
    pveVersion: flavor.version,
    endpoints: endpoints(),
    fingerprints: fingerprints(),
    caPath,
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
    ca: { pem: ca.certPem, path: caPath },
    get fingerprints() {
      return fingerprints();
    },
    get fingerprint() {
      return leaves.get(listeners[0]?.node ?? '')?.fingerprint ?? '';
    },
    tokens,
    users,
    pve: flavor,
    clusterName: model.name,
    nodes: model.nodes.map((n) => ({ name: n.name, ip: n.ip, nodeid: n.nodeid })),
    control,
    model,
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all(listeners.map(closeServer));
      await built.app.close();
      if (!o.caDir) rmSync(caDir, { recursive: true, force: true });
    },
  };
}
