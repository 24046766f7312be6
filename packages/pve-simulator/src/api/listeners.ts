// One HTTPS listener per node, each like that node's pveproxy (all serve the whole cluster).
// Listeners can be taken down (connections refused, open sockets destroyed) and brought back
// on the same port, and get new certificates without a restart.
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { Socket } from 'node:net';
import type { LeafCertificate } from '../tls/certificates.js';
import type { RequestHandler } from './app.js';
import { tagEndpoint } from './pipeline.js';

export interface EndpointInfo {
  node: string;
  /** Base URL, e.g. `https://127.0.0.1:8006` (append `/api2/json/...`). */
  url: string;
  host: string;
  port: number;
  /** False while taken down. */
  up: boolean;
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

function close(l: Listener): Promise<void> {
  return new Promise((resolve) => {
    if (!l.server.listening) return resolve();
    l.server.close(() => resolve());
    for (const s of l.sockets) s.destroy();
    l.sockets.clear();
  });
}

export class Listeners {
  private readonly list: Listener[] = [];
  private handler: RequestHandler | undefined;

  /** Sets the request handler (Fastify's) every listener hands its requests to. */
  serve(handler: RequestHandler): void {
    this.handler = handler;
  }

  async open(node: string, host: string, port: number, leaf: LeafCertificate): Promise<void> {
    const handler = this.handler;
    if (!handler) throw new Error('Listeners.serve(handler) must be called before open()');
    const server = createServer(
      { key: leaf.keyPem, cert: leaf.certPem, keepAliveTimeout: 5000 },
      (req, res) => {
        tagEndpoint(req, node);
        handler(req, res);
      },
    );
    const sockets = new Set<Socket>();
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    });
    const bound = await listen(server, port, host);
    this.list.push({ node, host, port: bound, server, sockets, up: true });
  }

  has(node: string): boolean {
    return this.list.some((l) => l.node === node);
  }

  private require(node: string): Listener {
    const l = this.list.find((x) => x.node === node);
    if (!l) {
      throw new Error(
        `no endpoint for node "${node}" (endpoints: ${this.list.map((x) => x.node).join(', ')})`,
      );
    }
    return l;
  }

  async down(node: string): Promise<void> {
    const l = this.require(node);
    l.up = false;
    await close(l);
  }

  async up(node: string): Promise<void> {
    const l = this.require(node);
    if (l.server.listening) return;
    await listen(l.server, l.port, l.host);
    l.up = true;
  }

  /** Serves a new certificate to new connections at once. */
  setCertificate(node: string, leaf: LeafCertificate): void {
    this.list
      .find((l) => l.node === node)
      ?.server.setSecureContext({ key: leaf.keyPem, cert: leaf.certPem });
  }

  endpoints(): EndpointInfo[] {
    return this.list.map((l) => ({
      node: l.node,
      url: `https://${l.host.includes(':') ? `[${l.host}]` : l.host}:${l.port}`,
      host: l.host,
      port: l.port,
      up: l.up,
    }));
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.list.map(close));
  }
}
