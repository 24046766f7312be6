import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DiscoveryService } from '../discovery/service.js';
import type { Body } from '../discovery/target-store.js';
import { ROLES, type Role, type TargetFilter } from '../discovery/targets.js';
import { bearerAuth } from '../plugins/bearer-auth.js';

const stringList = {
  type: 'array',
  items: { type: 'string', maxLength: 256 },
  maxItems: 32,
} as const;

const querystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cluster: stringList,
    node: stringList,
    tag: stringList,
    type: { type: 'array', items: { type: 'string', enum: ['qemu', 'lxc'] }, maxItems: 2 },
    os: {
      type: 'array',
      items: { type: 'string', enum: ['windows', 'linux', 'other'] },
      maxItems: 3,
    },
  },
} as const;

const targetGroups = {
  description: 'Prometheus HTTP SD target groups',
  type: 'array',
  items: {
    type: 'object',
    required: ['targets'],
    properties: {
      targets: { type: 'array', items: { type: 'string' } },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
} as const;

const unavailable = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

interface TargetsRoute {
  Params: { role?: Role };
  Querystring: TargetFilter;
}

export interface TargetsRouteOptions {
  readonly discovery: DiscoveryService;
  readonly bearerToken?: string;
}

function send(req: FastifyRequest, reply: FastifyReply, body: Body): FastifyReply {
  reply.header('content-type', 'application/json; charset=utf-8');
  reply.header('etag', body.etag);
  reply.header('cache-control', 'no-cache');
  reply.header('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === body.etag) return reply.code(304).send();
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    reply.header('content-encoding', 'gzip');
    return reply.send(body.gzip);
  }
  return reply.send(body.raw);
}

/** `GET /targets` and `GET /targets/:role`: HTTP SD bodies, pre-serialised per refresh. */
export default async function targetsRoutes(
  app: FastifyInstance,
  opts: TargetsRouteOptions,
): Promise<void> {
  const { discovery } = opts;
  const handler = async (
    req: FastifyRequest<TargetsRoute>,
    reply: FastifyReply,
  ): Promise<FastifyReply> => {
    if (!discovery.servable)
      // Non-200 keeps Prometheus's previous targets; `[]` would drop them all.
      return reply.code(503).header('retry-after', '5').send({
        error: 'not_ready',
        message: 'no successful discovery yet; see /health',
      });
    return send(req, reply, discovery.store.body(req.params.role ?? 'guests', req.query));
  };
  const schema = {
    querystring,
    response: { 200: targetGroups, 401: unavailable, 503: unavailable },
  };
  const onRequest = bearerAuth(opts.bearerToken);
  app.get<TargetsRoute>('/targets', { schema, onRequest }, handler);
  app.get<TargetsRoute>(
    '/targets/:role',
    {
      schema: {
        ...schema,
        params: {
          type: 'object',
          required: ['role'],
          properties: { role: { type: 'string', enum: [...ROLES] } },
        },
      },
      onRequest,
    },
    handler,
  );
}
