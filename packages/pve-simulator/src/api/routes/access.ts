// /access/permissions (effective privileges per path, like RPCEnvironment
// get_effective_permissions) and POST /access/ticket (password or ticket renewal).
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { PrivilegeMap } from '../../auth/privileges.js';
import type { ApiContext } from '../context.js';
import { PveHttpError } from '../errors.js';
import { pveRoute, requirePrincipal } from '../pipeline.js';

const TOP_LEVEL = ['/', '/access', '/access/groups', '/nodes', '/pool', '/sdn', '/storage', '/vms'];

export function registerAccessRoutes(app: FastifyInstance, ctx: ApiContext): void {
  pveRoute(app, ctx, 'GET', '/access/permissions', {
    handler: (req) => {
      const principal = requirePrincipal(req);
      const perms = principal.perms;
      if (req.query.path) return { data: { [req.query.path]: perms.privileges(req.query.path) } };
      const paths = new Set(TOP_LEVEL);
      for (const e of perms.acl) paths.add(e.path);
      for (const p of ctx.model.pools) paths.add(`/pool/${p}`);
      const data: Record<string, PrivilegeMap> = {};
      for (const path of [...paths].sort()) {
        const privs = perms.privileges(path);
        if (Object.keys(privs).length > 0) data[path] = privs;
      }
      return { data };
    },
  });

  pveRoute(app, ctx, 'POST', '/access/ticket', {
    auth: false,
    handler: async (req) => {
      let username = req.body.username ?? '';
      const password = req.body.password ?? '';
      if (!username.includes('@') && req.body.realm) username = `${username}@${req.body.realm}`;
      const user = Object.values(ctx.users).find((u) => u.userid === username);
      const renewing = password.startsWith('PVE:') && ctx.tickets.verify(password) === username;
      if (!user || (!renewing && user.password !== password)) {
        const delay = ctx.authDelayMs();
        if (delay > 0) await sleep(delay);
        throw new PveHttpError(401, 'authentication failure', { emptyBody: true });
      }
      const { ticket, csrf } = ctx.tickets.issue(user.userid);
      const perms = ctx.permissionsFor(user.userid);
      const capOf = (path: string, prefix: RegExp): Record<string, number> => {
        const out: Record<string, number> = {};
        for (const [p, v] of Object.entries(perms.privileges(path))) if (prefix.test(p)) out[p] = v;
        return out;
      };
      return {
        data: {
          username: user.userid,
          ticket,
          CSRFPreventionToken: csrf,
          clustername: ctx.model.name,
          cap: {
            vms: capOf('/vms', /^VM\./),
            storage: capOf('/storage', /^Datastore\./),
            access: capOf('/access', /^(User|Group|Permissions|Realm)\./),
            nodes: capOf('/nodes', /^Sys\./),
            dc: capOf('/', /^(Sys\.Audit|SDN\.|Mapping\.)/),
            sdn: capOf('/sdn', /^SDN\./),
            mapping: capOf('/mapping', /^Mapping\./),
          },
        },
      };
    },
  });
}
