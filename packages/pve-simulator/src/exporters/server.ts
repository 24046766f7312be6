// Serves every emulated exporter. One HTTP parser (node:http Server, never listening itself)
// handles the connections of many cheap TCP listeners — one per loopback address:port, bound
// and closed by `reconcile()` as guests start/stop/move and scenarios switch — so an exporter
// that is "down" refuses connections exactly like a real host. A gateway listener on one
// address also serves every target by path (for > maxAddressListeners targets, and for tools).
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { Server as NetServer, Socket } from 'node:net';
import type { LoadModel } from '../load/load-model.js';
import type { PveFlavor } from '../model/pve-version.js';
import type { NodeModel } from '../model/types.js';
import { CONTENT_TYPE } from './exposition.js';
import { renderGuestNodeExporter, renderHostNodeExporter } from './node-exporter.js';
import type { NodeExporterVersion } from './node-exporter.js';
import { renderGpuExporter, renderQueryGpu, renderVgpuQuery } from './nvidia.js';
import { renderPveExporter } from './pve-exporter.js';
import { STANDARD_PORTS, desiredTargets } from './targets.js';
import type { ExporterTarget, ExporterType } from './targets.js';
import { renderWindowsExporter } from './windows-exporter.js';

export interface ExporterOptions {
  /** `standard` (9100/9182/9835/9221, default) or `ephemeral` (port 0 per listener, for tests). */
  ports?: 'standard' | 'ephemeral';
  /** Address of the pve-exporter endpoint (default 127.0.0.1; 127.<1+o>.255.254 at address offset o). */
  pveExporterAddress?: string;
  /** Gateway listener (default 127.0.0.1, port 0 = ephemeral). */
  gatewayHost?: string;
  gatewayPort?: number;
  /** Targets beyond this many get no address listener, only the gateway (default 5000). */
  maxAddressListeners?: number;
  /** How often listeners follow the model (ms, default 1000). */
  reconcileMs?: number;
}

export interface ExporterEndpoint {
  key: string;
  type: ExporterType;
  /** Scrape URL on the target's own address (or the gateway when over the listener limit). */
  url: string;
  host: string;
  port: number;
  up: boolean;
  vmid?: number;
  node?: string;
  /** Same target through the gateway. */
  gatewayUrl: string;
}

export interface ExporterContext {
  load: LoadModel;
  flavor: PveFlavor;
  standalone: boolean;
  nowMs: () => number;
  statsIntervalMs: number;
  hostNodeExporterVersion: NodeExporterVersion;
}

interface Bound {
  target: ExporterTarget;
  server: NetServer;
  port: number;
  sockets: Set<Socket>;
  listening: boolean;
}

const PATHS: Record<ExporterType, string> = {
  node_exporter: '/metrics',
  windows_exporter: '/metrics',
  host_node_exporter: '/metrics',
  nvidia_gpu_exporter: '/metrics',
  pve_exporter: '/pve',
};

export class ExporterServer {
  private readonly http: HttpServer;
  private readonly gateway: HttpServer;
  private readonly bound = new Map<string, Bound>();
  private readonly byAddress = new Map<string, string>();
  private targets = new Map<string, ExporterTarget>();
  private gatewayPort = 0;
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> = Promise.resolve();
  private closed = false;
  private reconciledState = '';
  private readonly o: Required<ExporterOptions>;

  constructor(
    private readonly ctx: ExporterContext,
    options: ExporterOptions = {},
  ) {
    this.o = {
      ports: options.ports ?? 'standard',
      pveExporterAddress: options.pveExporterAddress ?? '127.0.0.1',
      gatewayHost: options.gatewayHost ?? '127.0.0.1',
      gatewayPort: options.gatewayPort ?? 0,
      maxAddressListeners: options.maxAddressListeners ?? 5000,
      reconcileMs: options.reconcileMs ?? 1000,
    };
    this.http = createHttpServer({ keepAliveTimeout: 30_000 }, (req, res) =>
      this.onAddressRequest(req, res),
    );
    this.gateway = createHttpServer({ keepAliveTimeout: 30_000 }, (req, res) =>
      this.onGatewayRequest(req, res),
    );
  }

  get gatewayUrl(): string {
    return `http://${this.o.gatewayHost}:${this.gatewayPort}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.gateway.once('error', reject);
      this.gateway.listen(this.o.gatewayPort, this.o.gatewayHost, () => {
        this.gateway.off('error', reject);
        const a = this.gateway.address();
        this.gatewayPort = typeof a === 'object' && a ? a.port : this.o.gatewayPort;
        resolve();
      });
    });
    await this.reconcile();
    this.timer = setInterval(
      () => void this.reconcile().catch(() => undefined),
      this.o.reconcileMs,
    );
    this.timer.unref();
  }

  /** Opens/closes listeners to match the model and scenarios (serialised; safe to call often). */
  reconcile(): Promise<void> {
    this.reconciling = this.reconciling.then(() => this.doReconcile());
    return this.reconciling;
  }

  private async doReconcile(): Promise<void> {
    if (this.closed) return;
    // Nothing to do unless the cluster or the scenarios changed since the last pass.
    const { load } = this.ctx;
    const state = `${load.model.version}/${load.scenarios.version}`;
    if (state === this.reconciledState) return;
    this.reconciledState = state;
    const desired = desiredTargets(this.ctx.load, this.o.pveExporterAddress);
    this.targets = new Map(desired.map((t) => [t.key, t]));
    const opens: Promise<void>[] = [];
    const closes: Promise<void>[] = [];
    let count = 0;
    for (const t of desired) {
      const b = this.bound.get(t.key);
      const withinLimit = count < this.o.maxAddressListeners || t.type === 'pve_exporter';
      if (withinLimit) count++;
      if (b && b.target.host !== t.host) {
        closes.push(this.unbind(b));
        this.bound.delete(t.key);
      }
      const current = this.bound.get(t.key);
      if (t.up && withinLimit) {
        if (!current) opens.push(this.bind(t, 0));
        else {
          current.target = t;
          if (!current.listening) opens.push(this.listen(current));
        }
      } else if (current?.listening) {
        current.target = t;
        closes.push(this.stop(current));
      }
    }
    for (const [key, b] of this.bound) {
      if (!this.targets.has(key)) {
        closes.push(this.unbind(b));
        this.bound.delete(key);
      }
    }
    try {
      await Promise.all(closes);
      // Bounded batches: thousands of listen() calls at once only queue in libuv anyway.
      for (let i = 0; i < opens.length; i += 256) await Promise.all(opens.slice(i, i + 256));
    } catch (err) {
      this.reconciledState = ''; // retry on the next pass
      throw err;
    }
  }

  private bind(t: ExporterTarget, port: number): Promise<void> {
    const sockets = new Set<Socket>();
    const server = createNetServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      this.http.emit('connection', socket);
    });
    const wanted = this.o.ports === 'standard' ? STANDARD_PORTS[t.type] : port;
    const b: Bound = { target: t, server, port: wanted, sockets, listening: false };
    this.bound.set(t.key, b);
    return this.listen(b);
  }

  private listen(b: Bound): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        b.server.off('listening', onListening);
        reject(
          new Error(
            `cannot listen on ${b.target.host}:${b.port} for ${b.target.type} ${b.target.key}: ${err.code ?? err.message}`,
          ),
        );
      };
      const onListening = (): void => {
        b.server.off('error', onError);
        const a = b.server.address();
        if (typeof a === 'object' && a) b.port = a.port;
        b.listening = true;
        this.byAddress.set(`${b.target.host}:${b.port}`, b.target.key);
        resolve();
      };
      b.server.once('error', onError);
      b.server.once('listening', onListening);
      b.server.listen(b.port, b.target.host);
    });
  }

  /** Stops accepting (connection refused) and drops open connections; keeps the port. */
  private stop(b: Bound): Promise<void> {
    return new Promise((resolve) => {
      b.listening = false;
      b.server.close(() => resolve());
      for (const s of b.sockets) s.destroy();
      b.sockets.clear();
    });
  }

  private async unbind(b: Bound): Promise<void> {
    this.byAddress.delete(`${b.target.host}:${b.port}`);
    if (b.listening) await this.stop(b);
  }

  endpoints(): ExporterEndpoint[] {
    const out: ExporterEndpoint[] = [];
    for (const t of this.targets.values()) {
      const b = this.bound.get(t.key);
      const gatewayUrl = `${this.gatewayUrl}${gatewayPath(t)}`;
      const port = b?.port ?? STANDARD_PORTS[t.type];
      const url = b ? `http://${t.host}:${port}${PATHS[t.type]}` : gatewayUrl;
      const ep: ExporterEndpoint = {
        key: t.key,
        type: t.type,
        url,
        host: t.host,
        port,
        up: t.up,
        gatewayUrl,
      };
      if (t.vmid !== undefined) ep.vmid = t.vmid;
      if (t.node !== undefined) ep.node = t.node;
      out.push(ep);
    }
    return out;
  }

  /** Number of address listeners currently accepting connections. */
  listening(): number {
    let n = 0;
    for (const b of this.bound.values()) if (b.listening) n++;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.reconciling.catch(() => undefined);
    await Promise.all([...this.bound.values()].map((b) => this.unbind(b)));
    this.bound.clear();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.gateway.close(() => resolve());
      this.gateway.closeAllConnections();
    });
  }

  // --- requests ----------------------------------------------------------------------------

  private onAddressRequest(req: IncomingMessage, res: ServerResponse): void {
    const key = this.byAddress.get(`${req.socket.localAddress ?? ''}:${req.socket.localPort ?? 0}`);
    const t = key ? this.targets.get(key) : undefined;
    if (!t) return reply(res, 404, 'no exporter on this address\n');
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== PATHS[t.type]) {
      return reply(res, 404, `404 page not found (${t.type} serves ${PATHS[t.type]})\n`);
    }
    this.serveTarget(t, url, res);
  }

  private onGatewayRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean);
    if (url.pathname === '/targets') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.endpoints()));
      return;
    }
    if (parts[0] === 'nvidia-smi' && parts[1]) return this.serveNvidiaSmi(parts[1], url, res);
    let key: string | undefined;
    if (url.pathname === '/pve') key = 'pve';
    else if (parts[0] === 'guests' && parts[2] === 'metrics') key = `guest/${parts[1]}`;
    else if (parts[0] === 'nodes' && parts[2] === 'metrics') key = `node/${parts[1]}`;
    else if (parts[0] === 'gpu' && parts[2] === 'metrics') key = `gpu/${parts[1]}`;
    const t = key ? this.targets.get(key) : undefined;
    if (!t) return reply(res, 404, 'unknown target (see /targets)\n');
    if (!t.up)
      return reply(res, 503, `${t.type} ${t.key} is down (connection refused on its address)\n`);
    this.serveTarget(t, url, res);
  }

  private serveTarget(t: ExporterTarget, url: URL, res: ServerResponse): void {
    const { load } = this.ctx;
    const now = this.ctx.nowMs() / 1000;
    let body: string;
    try {
      switch (t.type) {
        case 'node_exporter':
        case 'windows_exporter': {
          const g = load.model.guest(t.vmid ?? -1);
          if (!g || !load.guestExporterUp(g)) return reply(res, 503, 'guest is not running\n');
          body =
            t.type === 'node_exporter'
              ? renderGuestNodeExporter(load, g, now)
              : renderWindowsExporter(load, g, now);
          break;
        }
        case 'host_node_exporter': {
          const n = load.model.node(t.node ?? '');
          if (!n) return reply(res, 404, 'unknown node\n');
          body = renderHostNodeExporter(load, n, now, this.ctx.hostNodeExporterVersion);
          break;
        }
        case 'nvidia_gpu_exporter': {
          const n = load.model.node(t.node ?? '');
          if (!n) return reply(res, 404, 'unknown node\n');
          body = renderGpuExporter(load, n, now);
          break;
        }
        case 'pve_exporter': {
          const r = this.pve(url);
          if (r.status !== 200) return reply(res, r.status, r.body);
          body = r.body;
          break;
        }
      }
    } catch (err) {
      return reply(res, 500, `${(err as Error).message}\n`);
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPE });
    res.end(body);
  }

  /** The pve-exporter's answer for `?target=…&cluster=…&node=…&module=…`. */
  private pve(url: URL): { status: number; body: string } {
    const { load } = this.ctx;
    const target = url.searchParams.get('target') ?? 'localhost';
    const host = target.replace(/^\[|\]$/g, '').replace(/:\d+$/, '');
    const nodes = load.model.nodes;
    const local =
      nodes.find((n) => n.ip === host || n.name === host) ??
      (['localhost', '127.0.0.1', '::1'].includes(host) ? nodes[0] : undefined);
    if (!local) {
      // The real exporter fails the scrape when it cannot reach the API of `target`.
      return { status: 500, body: `Connection to ${target}:8006 failed: unknown host\n` };
    }
    if (!local.online) {
      return { status: 500, body: `Connection to ${target}:8006 failed: No route to host\n` };
    }
    const flag = (name: string): boolean => (url.searchParams.get(name) ?? '1') !== '0';
    const ms = this.ctx.nowMs();
    const statsNow = Math.floor((ms - (ms % this.ctx.statsIntervalMs)) / 1000);
    return {
      status: 200,
      body: renderPveExporter({
        model: load.model,
        flavor: this.ctx.flavor,
        standalone: this.ctx.standalone,
        local,
        statsNow,
        cluster: flag('cluster'),
        node: flag('node'),
      }),
    };
  }

  private serveNvidiaSmi(nodeName: string, url: URL, res: ServerResponse): void {
    const { load } = this.ctx;
    const n = load.model.node(nodeName);
    if (!n) return reply(res, 404, `unknown node "${nodeName}"\n`);
    const args = url.searchParams.getAll('arg');
    const r = nvidiaSmi(load, n, this.ctx.nowMs() / 1000, args);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(r));
  }
}

export interface NvidiaSmiResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What `nvidia-smi <args>` prints on the simulated host `n` (the fake binary's backend). */
export function nvidiaSmi(
  load: LoadModel,
  n: NodeModel,
  t: number,
  args: readonly string[],
): NvidiaSmiResult {
  if (!n.online || !load.gpuNodes().has(n.name)) {
    return {
      exitCode: 9,
      stdout:
        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n\n",
      stderr: '',
    };
  }
  if (args[0] === 'vgpu' && args[1] === '-q' && args.length === 2) {
    return { exitCode: 0, stdout: renderVgpuQuery(load, n, t), stderr: '' };
  }
  const q = args.find((a) => a.startsWith('--query-gpu='));
  const f = args.find((a) => a.startsWith('--format='));
  if (q && f) {
    const format = f.slice('--format='.length).split(',');
    if (!format.includes('csv')) {
      return {
        exitCode: 2,
        stdout: '',
        stderr: `Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n`,
      };
    }
    try {
      const fields = q
        .slice('--query-gpu='.length)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const stdout = renderQueryGpu(load, n, t, fields, {
        header: !format.includes('noheader'),
        units: !format.includes('nounits'),
      });
      return { exitCode: 0, stdout, stderr: '' };
    } catch (err) {
      return { exitCode: 2, stdout: `${(err as Error).message}\n`, stderr: '' };
    }
  }
  return {
    exitCode: 2,
    stdout: '',
    stderr: `Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n`,
  };
}

function gatewayPath(t: ExporterTarget): string {
  if (t.type === 'pve_exporter') return '/pve';
  if (t.vmid !== undefined) return `/guests/${t.vmid}/metrics`;
  return t.type === 'nvidia_gpu_exporter'
    ? `/gpu/${t.node ?? ''}/metrics`
    : `/nodes/${t.node ?? ''}/metrics`;
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}
