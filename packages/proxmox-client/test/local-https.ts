// A throwaway HTTPS server on 127.0.0.1 for transport-level tests (timeouts, limits, aborts)
// that need server behaviour the simulator does not offer. It counts in-flight requests on the
// server side. The certificate is generated with the system's openssl for each test run.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSigned {
  key: string;
  cert: string;
  fingerprint: string;
}

export function selfSignedCertificate(subjectAltName = 'IP:127.0.0.1,DNS:localhost'): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'pvemon-client-test-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=pvemon-test',
        '-addext',
        `subjectAltName=${subjectAltName}`,
      ],
      { stdio: 'ignore' },
    );
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    return { key, cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface LocalServer {
  url: string;
  fingerprint: string;
  /** Requests being handled right now, overall and per `/nodes/{node}`. */
  inFlight: number;
  peakInFlight: number;
  peakPerNode: Map<string, number>;
  hits: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  setHandler(handler: Handler): void;
  resetStats(): void;
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown, reason?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, reason ?? '', { 'content-type': 'application/json;charset=UTF-8' });
  res.end(text);
}

export async function startLocalServer(cert: SelfSigned, initial: Handler): Promise<LocalServer> {
  let handler = initial;
  const sockets = new Set<Socket>();
  const perNode = new Map<string, number>();
  const state: Omit<LocalServer, 'url' | 'setHandler' | 'resetStats' | 'close'> = {
    fingerprint: cert.fingerprint,
    inFlight: 0,
    peakInFlight: 0,
    peakPerNode: new Map(),
    hits: [],
  };
  const server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const node = /^\/api2\/json\/nodes\/([^/?]+)/.exec(req.url ?? '')?.[1];
    state.hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    state.inFlight++;
    state.peakInFlight = Math.max(state.peakInFlight, state.inFlight);
    if (node !== undefined) {
      const n = (perNode.get(node) ?? 0) + 1;
      perNode.set(node, n);
      state.peakPerNode.set(node, Math.max(state.peakPerNode.get(node) ?? 0, n));
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      state.inFlight--;
      if (node !== undefined) perNode.set(node, (perNode.get(node) ?? 1) - 1);
    };
    res.on('finish', finish);
    res.on('close', finish);
    void handler(req, res);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `https://127.0.0.1:${port}`,
    setHandler(next: Handler) {
      handler = next;
    },
    resetStats() {
      state.hits = [];
      state.peakInFlight = state.inFlight;
      state.peakPerNode = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  });
}
