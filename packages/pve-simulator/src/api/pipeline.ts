// The request pipeline every PVE route runs through, in pveproxy's order:
// count → injected latency → injected 5xx → auth (with delay) → proxy checks for
// /nodes/{node}/... (596 unknown node, 595 offline node) → handler → body faults.
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from './authenticate.js';
import type { ApiContext, Principal } from './context.js';
import { PveHttpError } from './errors.js';
import { sendBody, sendData, sendError } from './respond.js';
import type { PreparedBody } from './respond.js';

export const API_BASE = '/api2/json';

const endpointByRequest = new WeakMap<IncomingMessage, string>();

/** Tags a raw request with the node whose endpoint (listener) received it. */
export function tagEndpoint(req: IncomingMessage, node: string): void {
  endpointByRequest.set(req, node);
}

export function endpointOf(req: IncomingMessage): string {
  return endpointByRequest.get(req) ?? 'unknown';
}

export interface PveRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, string>;
  /** Undefined only for routes registered with `auth: false`. */
  principal: Principal | undefined;
  /** Node whose endpoint answered (`local: 1` in /cluster/status). */
  endpoint: string;
  apiPath: string;
  method: string;
}

/** A handler returns the `data` payload, or `{ raw }` with a pre-serialised full body. */
export type PveResult = { data: unknown } | { raw: string | Buffer | PreparedBody };
export type PveHandler = (req: PveRequest) => PveResult | Promise<PveResult>;

export interface PveRouteOptions {
  auth?: boolean;
  handler: PveHandler;
}

function apiPathOf(url: string): string {
  // Same normalisation as the router: duplicate and trailing slashes do not matter.
  const path = (url.split('?')[0] ?? '/').replace(/\/{2,}/g, '/');
  const rel = path.startsWith(API_BASE) ? path.slice(API_BASE.length) : path;
  return rel.length > 1 && rel.endsWith('/') ? rel.slice(0, -1) : rel || '/';
}

function routeLabel(method: string, pattern: string | undefined): string {
  if (!pattern) return `${method} (not implemented)`;
  return `${method} ${apiPathOf(pattern).replace(/:(\w+)/g, '{$1}')}`;
}

async function preflight(
  ctx: ApiContext,
  req: FastifyRequest,
  reply: FastifyReply,
  auth: boolean,
): Promise<{ principal: Principal | undefined; apiPath: string; endpoint: string } | undefined> {
  const apiPath = apiPathOf(req.url);
  const endpoint = endpointOf(req.raw);
  ctx.counter.record(apiPath, routeLabel(req.method, req.routeOptions.url), endpoint);
  const target = /^\/nodes\/([^/]+)/.exec(apiPath)?.[1];
  // 'finish' = response handed to the socket; 'close' covers aborted requests. The end
  // callback is idempotent.
  const end = ctx.counter.begin(endpoint, target);
  reply.raw.once('finish', end);
  reply.raw.once('close', end);
  const latency = ctx.faults.latencyFor(apiPath, endpoint);
  if (latency > 0) await sleep(latency);
  const injected = ctx.faults.takeError(apiPath, endpoint);
  if (injected) {
    const status = injected.status ?? 503;
    sendError(
      reply,
      ctx,
      new PveHttpError(status, injected.message ?? STATUS_CODES[status] ?? 'Error'),
    );
    return undefined;
  }
  let principal: Principal | undefined;
  if (auth) {
    try {
      principal = authenticate(req, ctx);
    } catch (err) {
      const delay = ctx.authDelayMs();
      if (delay > 0) await sleep(delay);
      sendError(reply, ctx, err as PveHttpError);
      return undefined;
    }
  }
  return { principal, apiPath, endpoint };
}

function proxyCheck(ctx: ApiContext, params: Record<string, string>): void {
  const node = params.node;
  if (node === undefined) return;
  const model = ctx.model.node(node);
  // Reference §1.3: a {node} that is not an exact cluster node name gives 596.
  if (!model) throw new PveHttpError(596, `no such cluster node '${node}'`);
  if (!model.online) {
    throw new PveHttpError(
      595,
      'Errors during connection establishment, proxy handshake: No route to host',
      { emptyBody: true },
    );
  }
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

export function pveRoute(
  app: FastifyInstance,
  ctx: ApiContext,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  opts: PveRouteOptions,
): void {
  app.route({
    method,
    url: `${API_BASE}${path}`,
    handler: async (req, reply) => {
      const pre = await preflight(ctx, req, reply, opts.auth !== false);
      if (!pre) return reply;
      const params = stringRecord(req.params);
      try {
        proxyCheck(ctx, params);
        const result = await opts.handler({
          params,
          query: stringRecord(req.query),
          body: stringRecord(req.body),
          principal: pre.principal,
          endpoint: pre.endpoint,
          apiPath: pre.apiPath,
          method,
        });
        if ('raw' in result) return sendBody(reply, ctx, pre.apiPath, pre.endpoint, result.raw);
        return sendData(reply, ctx, pre.apiPath, pre.endpoint, result.data);
      } catch (err) {
        if (err instanceof PveHttpError) return sendError(reply, ctx, err);
        throw err;
      }
    },
  });
}

/** Unknown paths/methods: authenticated like any call, then 501 as RESTHandler answers. */
export async function notImplemented(
  ctx: ApiContext,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  if (req.method === 'HEAD' || !['GET', 'POST', 'PUT', 'DELETE'].includes(req.method)) {
    ctx.counter.record(apiPathOf(req.url), routeLabel(req.method, undefined), endpointOf(req.raw));
    return sendError(
      reply,
      ctx,
      new PveHttpError(501, `method '${req.method}' not available`, { emptyBody: true }),
    );
  }
  const pre = await preflight(ctx, req, reply, true);
  if (!pre) return reply;
  return sendError(
    reply,
    ctx,
    new PveHttpError(501, `Method '${req.method} ${pre.apiPath}' not implemented`),
  );
}

/** Shorthand for handlers that must be authenticated. */
export function requirePrincipal(req: PveRequest): Principal {
  if (!req.principal) throw new PveHttpError(401, 'No ticket', { emptyBody: true });
  return req.principal;
}
