// Test helpers: a real HTTPS client (node:https) that trusts the simulator's CA.
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { readFileSync } from 'node:fs';
import { startSimulator } from '../src/index.js';
import type { Simulator, SimulatorOptions } from '../src/index.js';

export function startTestSim(opts: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ authDelayMs: 0, nodes: 3, guests: 40, ...opts });
}

export interface Res {
  status: number;
  statusMessage: string;
  headers: IncomingHttpHeaders;
  text: string;
  /** Body bytes as received (e.g. still gzip-compressed). */
  raw: Buffer;
  /** Parsed body (throws for invalid JSON). */
  json: () => { data?: unknown; message?: string; errors?: Record<string, string> } & Record<
    string,
    unknown
  >;
  peer: PeerCertificate | undefined;
}

export interface ReqOptions {
  token?: string;
  headers?: Record<string, string>;
  method?: string;
  body?: unknown;
  form?: Record<string, string>;
  /** Base URL (default: sim.url). */
  base?: string;
  ca?: string;
}

export function call(sim: Simulator, path: string, o: ReqOptions = {}): Promise<Res> {
  const url = new URL((o.base ?? sim.url) + path);
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = o.token;
  let payload: string | undefined;
  if (o.form) {
    payload = new URLSearchParams(o.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (o.body !== undefined) {
    payload = JSON.stringify(o.body);
    headers['content-type'] = 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: o.method ?? 'GET',
        ca: o.ca ?? sim.ca.pem,
        headers,
        agent: false,
      },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerCertificate?.();
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = raw.toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            headers: res.headers,
            text,
            raw,
            json: () => JSON.parse(text),
            peer,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** GET with the auditor token, returning `data`. */
export async function data<T = unknown>(
  sim: Simulator,
  path: string,
  token = sim.tokens.auditor.header,
): Promise<T> {
  const res = await call(sim, `/api2/json${path}`, { token });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.statusMessage}`);
  return res.json().data as T;
}

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/pve/${name}`, import.meta.url), 'utf8')) as T;
}

export type Row = Record<string, unknown>;

/** Map of key → JS type ("number", "string", "object", …). */
export function typeMap(row: Row): Record<string, string> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, v === null ? 'null' : typeof v]),
  );
}
