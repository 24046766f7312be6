import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { VgpuSnapshot, VgpuSource } from '../collect/snapshot.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from '../metrics/render.js';

export interface ServerOptions {
  readonly source: VgpuSource;
  readonly logger?: FastifyBaseLogger;
}

/**
 * The `serve` mode app: `GET /metrics` collects (through the cached source) and renders;
 * `GET /health` says the process is up without touching nvidia-smi. A failed collection is
 * still a 200 with `pvemon_vgpu_scrape_success 0`, so Prometheus keeps the series and alerts can
 * tell "exporter down" (up == 0) from "nvidia-smi failing".
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify(
    options.logger ? { loggerInstance: options.logger, disableRequestLogging: true } : {},
  );
  let lastError: string | undefined;
  // Cached snapshots are served many times; render each once.
  let rendered: { snapshot: VgpuSnapshot; body: Promise<string> } | undefined;

  app.get('/metrics', async (_request, reply) => {
    const snapshot = await options.source.collect();
    if (rendered?.snapshot !== snapshot) {
      // Log once per collection, and a failure only when its reason changes.
      if (!snapshot.success && snapshot.error !== lastError) {
        app.log.error({ err: snapshot.error }, 'vGPU collection failed');
      }
      lastError = snapshot.error;
      for (const warning of snapshot.warnings) app.log.warn(warning);
      rendered = { snapshot, body: renderMetrics(snapshot) };
    }
    const body = await rendered.body;
    return reply.type(METRICS_CONTENT_TYPE).send(body);
  });

  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/', async (_request, reply) =>
    reply.type('text/plain').send('pvemon-vgpu: per-VM NVIDIA vGPU metrics at /metrics\n'),
  );
  return app;
}
