// /version, /cluster/status, /cluster/resources, /cluster/nextid — answered locally, never proxied.
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { statsNowSec } from '../context.js';
import { permissionDenied } from '../errors.js';
import { pveRoute, requirePrincipal } from '../pipeline.js';
import type { ResponseCache } from '../response-cache.js';
import { clusterResourcesBody, validateResourceType } from '../views/cluster-resources.js';

export function registerClusterRoutes(
  app: FastifyInstance,
  ctx: ApiContext,
  cache: ResponseCache,
): void {
  // API root index (a cheap authenticated health check for clients).
  pveRoute(app, ctx, 'GET', '/', {
    handler: () => ({
      data: ['version', 'cluster', 'nodes', 'storage', 'access', 'pools'].map((subdir) => ({
        subdir,
      })),
    }),
  });

  pveRoute(app, ctx, 'GET', '/pools', {
    handler: (req) => {
      const principal = requirePrincipal(req);
      const data = ctx.model.pools
        .filter((p) => principal.perms.has(`/pool/${p}`, 'Pool.Audit'))
        .map((poolid) => ({ poolid }));
      return { data };
    },
  });

  pveRoute(app, ctx, 'GET', '/version', {
    handler: () => {
      const { version, release, repoid } = ctx.flavor;
      return { data: { release, repoid, version } };
    },
  });

  pveRoute(app, ctx, 'GET', '/cluster/status', {
    handler: (req) => {
      const principal = requirePrincipal(req);
      if (!principal.perms.has('/', 'Sys.Audit')) throw permissionDenied('/', 'Sys.Audit');
      const { model } = ctx;
      if (ctx.standalone) {
        const n = model.nodes[0];
        return {
          data: n
            ? [
                {
                  type: 'node',
                  id: `node/${n.name}`,
                  name: n.name,
                  nodeid: 0,
                  ip: n.ip,
                  local: 1,
                  online: 1,
                  level: n.level,
                },
              ]
            : [],
        };
      }
      const online = model.nodes.filter((n) => n.online).length;
      const rows: Record<string, unknown>[] = [
        {
          type: 'cluster',
          id: 'cluster',
          name: model.name,
          nodes: model.nodes.length,
          version: model.nodes.length + 2,
          quorate: online * 2 > model.nodes.length ? 1 : 0,
        },
      ];
      for (const n of model.nodes) {
        rows.push({
          type: 'node',
          id: `node/${n.name}`,
          name: n.name,
          nodeid: n.nodeid,
          ip: n.ip,
          local: n.name === req.endpoint ? 1 : 0,
          online: n.online ? 1 : 0,
          level: n.level,
        });
      }
      return { data: rows };
    },
  });

  pveRoute(app, ctx, 'GET', '/cluster/resources', {
    handler: (req) => {
      const principal = requirePrincipal(req);
      const type = validateResourceType(req.query.type);
      const raw = cache.get(
        ctx.model.version,
        statsNowSec(ctx),
        `resources|${type ?? ''}|${principal.id}`,
        () => clusterResourcesBody(ctx, principal, type),
      );
      return { raw };
    },
  });

  pveRoute(app, ctx, 'GET', '/cluster/nextid', {
    handler: () => ({ data: String(ctx.model.nextVmid()) }),
  });
}
