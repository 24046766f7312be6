// /nodes and per-node basics. /nodes reports each node's served certificate fingerprint.
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { statsNowSec } from '../context.js';
import { permissionDenied } from '../errors.js';
import { pveRoute, requirePrincipal } from '../pipeline.js';
import { nodeRow } from '../views/node-rows.js';

export function registerNodeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  pveRoute(app, ctx, 'GET', '/nodes', {
    handler: (req) => {
      const principal = requirePrincipal(req);
      const now = statsNowSec(ctx);
      return {
        data: ctx.model.nodes.map((n) => {
          const row = nodeRow(
            n,
            now,
            principal.perms.has(`/nodes/${n.name}`, 'Sys.Audit'),
            ctx.flavor,
          );
          const fp = ctx.fingerprintOf(n.name);
          if (fp) row.ssl_fingerprint = fp;
          return row;
        }),
      };
    },
  });

  pveRoute(app, ctx, 'GET', '/nodes/:node', {
    handler: () => ({
      data: ['apt', 'capabilities', 'lxc', 'qemu', 'status', 'storage', 'tasks', 'version'].map(
        (subdir) => ({
          subdir,
        }),
      ),
    }),
  });

  pveRoute(app, ctx, 'GET', '/nodes/:node/version', {
    handler: () => {
      const { version, release, repoid } = ctx.flavor;
      return { data: { release, repoid, version } };
    },
  });

  pveRoute(app, ctx, 'GET', '/nodes/:node/status', {
    handler: (req) => {
      const principal = requirePrincipal(req);
      const node = req.params.node ?? '';
      if (!principal.perms.has(`/nodes/${node}`, 'Sys.Audit'))
        throw permissionDenied(`/nodes/${node}`, 'Sys.Audit');
      const n = ctx.model.requireNode(node);
      const row = nodeRow(n, statsNowSec(ctx), true, ctx.flavor);
      return {
        data: {
          uptime: row.uptime,
          cpu: row.cpu,
          memory: { total: n.maxmem, used: row.mem, free: n.maxmem - Number(row.mem) },
          rootfs: {
            total: n.maxdisk,
            used: row.disk,
            free: n.maxdisk - Number(row.disk),
            avail: n.maxdisk - Number(row.disk),
          },
          cpuinfo: {
            cpus: n.maxcpu,
            sockets: 1,
            cores: n.maxcpu / 2,
            model: 'Simulated CPU',
            mhz: '2400.000',
          },
          pveversion: `pve-manager/${ctx.flavor.version}/${ctx.flavor.repoid}`,
          kversion: 'Linux 6.8.12-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4',
        },
      };
    },
  });
}
