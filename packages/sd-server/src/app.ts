import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import type { ResolvedConfig } from './config/load.js';
import { DiscoveryService, type ClientFactory } from './discovery/service.js';
import { createLogger } from './logger.js';
import { SdMetrics } from './metrics/registry.js';
import { createProxmoxClient } from './proxmox/create-client.js';
import healthRoutes from './routes/health.js';
import metricsRoutes from './routes/metrics.js';
import targetsRoutes from './routes/targets.js';

export interface BuildOptions {
  readonly config: ResolvedConfig;
  /** Builds a Proxmox client per cluster (default: `@pvemon/proxmox-client`). */
  readonly createClient?: ClientFactory;
  /** Start the discovery loop (default true). Tests may refresh by hand instead. */
  readonly startDiscovery?: boolean;
  /** Log destination (default stdout). */
  readonly logDestination?: DestinationStream;
  readonly logger?: Logger;
}

declare module 'fastify' {
  interface FastifyInstance {
    discovery: DiscoveryService;
    sdMetrics: SdMetrics;
  }
}

/** Boots the real application (routes, discovery, metrics). `close()` stops discovery. */
export async function build(opts: BuildOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger(config.logLevel, config.secrets, opts.logDestination);
  // The cache-age gauge is collected at scrape time, after `discovery` exists.
  const metrics: SdMetrics = new SdMetrics(() => discovery.cacheAges());
  const discovery: DiscoveryService = new DiscoveryService({
    clusters: config.clusters,
    createClient: opts.createClient ?? ((c) => createProxmoxClient(c, logger)),
    refreshIntervalMs: config.refreshInterval * 1000,
    startupGraceMs: config.startupGrace * 1000,
    secrets: config.secrets,
    logger,
    metrics,
  });

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Prometheus polls every refresh interval: per-request lines would only be noise.
    logController: new LogController({ disableRequestLogging: true }),
    // 10,000-guest bodies are ~4 MB; never time out a slow Prometheus mid-body.
    connectionTimeout: 0,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.decorate('discovery', discovery);
  app.decorate('sdMetrics', metrics);
  const bearerToken = config.bearerToken;
  await app.register(healthRoutes, { discovery });
  await app.register(targetsRoutes, { discovery, ...(bearerToken ? { bearerToken } : {}) });
  await app.register(metricsRoutes, { metrics, ...(bearerToken ? { bearerToken } : {}) });
  app.addHook('onClose', async () => discovery.stop());
  if (opts.startDiscovery !== false) app.addHook('onReady', async () => discovery.start());
  return app;
}
