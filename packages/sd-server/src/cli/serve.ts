import type { FastifyInstance } from 'fastify';
import { build } from '../app.js';
import type { ResolvedConfig } from '../config/load.js';

/** Starts the server and wires SIGTERM/SIGINT to a graceful shutdown. Resolves once listening. */
export async function serve(config: ResolvedConfig): Promise<FastifyInstance> {
  const app = await build({ config });
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Bounded: a stuck Proxmox call must not keep the container from stopping.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ host: config.listen.host, port: config.listen.port });
  return app;
}
