import type { FastifyInstance } from 'fastify';
import type { SdMetrics } from '../metrics/registry.js';
import { bearerAuth } from '../plugins/bearer-auth.js';

/** `GET /metrics`: the server's own metrics and the inventory info metrics. */
export default async function metricsRoutes(
  app: FastifyInstance,
  opts: { metrics: SdMetrics; bearerToken?: string },
): Promise<void> {
  app.get('/metrics', { onRequest: bearerAuth(opts.bearerToken) }, async (_req, reply) => {
    const text = await opts.metrics.render();
    return reply.header('content-type', opts.metrics.registry.contentType).send(text);
  });
}
