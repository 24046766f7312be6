import type { FastifyInstance } from 'fastify';
import type { DiscoveryService } from '../discovery/service.js';

const nullableString = { type: ['string', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;

const clusterHealth = {
  type: 'object',
  properties: {
    cluster: { type: 'string' },
    ok: { type: 'boolean' },
    stale: { type: 'boolean' },
    lastSuccess: nullableString,
    ageSeconds: nullableNumber,
    lastAttempt: nullableString,
    lastError: nullableString,
    lastErrorAt: nullableString,
    consecutiveFailures: { type: 'integer' },
    lastRefreshMs: nullableNumber,
    apiCallsLastRefresh: nullableNumber,
    guests: {
      type: 'object',
      properties: {
        total: { type: 'integer' },
        running: { type: 'integer' },
        templates: { type: 'integer' },
        targets: { type: 'integer' },
        staleAddresses: { type: 'integer' },
      },
    },
    nodes: {
      type: 'object',
      properties: {
        total: { type: 'integer' },
        online: { type: 'integer' },
        unreachable: { type: 'array', items: { type: 'string' } },
      },
    },
    unresolved: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          count: { type: 'integer' },
          vmIds: { type: 'array', items: { type: 'integer' } },
        },
      },
    },
  },
} as const;

const healthBody = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'starting'] },
    clusters: { type: 'array', items: clusterHealth },
  },
} as const;

/**
 * `GET /health` (open, no auth): 200 once every cluster has been discovered at least once
 * (`degraded` while any serves a stale snapshot), 503 before that.
 */
export default async function healthRoutes(
  app: FastifyInstance,
  opts: { discovery: DiscoveryService },
): Promise<void> {
  app.get(
    '/health',
    { schema: { response: { 200: healthBody, 503: healthBody } } },
    async (_req, reply) => {
      const clusters = opts.discovery.health();
      const ready = opts.discovery.ready;
      const status = !ready ? 'starting' : clusters.every((c) => c.ok) ? 'ok' : 'degraded';
      return reply.code(ready ? 200 : 503).send({ status, clusters });
    },
  );
}
