// Builds the one Fastify app every endpoint (listener) shares. Listeners are plain HTTPS servers
// created by the simulator; each tags its requests with its node before handing them over.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './context.js';
import { notImplemented } from './pipeline.js';
import { ResponseCache } from './response-cache.js';
import { registerAccessRoutes } from './routes/access.js';
import { registerClusterRoutes } from './routes/cluster.js';
import { registerGuestRoutes } from './routes/guests.js';
import { registerNodeRoutes } from './routes/nodes.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface BuiltApp {
  app: FastifyInstance;
  /** Fastify's request handler, to be called by every listener. */
  handler: () => RequestHandler;
}

export function buildApp(ctx: ApiContext, extra?: (app: FastifyInstance) => void): BuiltApp {
  let handler: RequestHandler | undefined;
  const app = Fastify({
    logger: false,
    exposeHeadRoutes: false,
    // pveproxy normalises `/api2/json` and `/api2/json/version/` to the same handler.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    // Listeners are created by the simulator; this placeholder is never bound.
    serverFactory: (h) => {
      handler = h;
      return createServer();
    },
  });
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'max-age=0');
    reply.header('pragma', 'no-cache');
    reply.header('server', 'pve-api-daemon/3.0');
    return payload;
  });
  const cache = new ResponseCache();
  registerClusterRoutes(app, ctx, cache);
  registerNodeRoutes(app, ctx);
  registerGuestRoutes(app, ctx);
  registerAccessRoutes(app, ctx);
  extra?.(app);
  app.setNotFoundHandler((req, reply) => notImplemented(ctx, req, reply));
  return {
    app,
    handler: () => {
      if (!handler) throw new Error('Fastify did not provide a request handler');
      return handler;
    },
  };
}
