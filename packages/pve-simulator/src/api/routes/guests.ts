// Guest endpoints for qemu and lxc: lists, config, status/current, start/stop, and the
// network views (QEMU guest agent, LXC interfaces) with PVE's error order and permissions.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { agentInterfaces, lxcInterfaces } from '../../model/guest-network.js';
import { guestConfig } from '../../model/guest-config.js';
import type { GuestModel, GuestType } from '../../model/types.js';
import type { ApiContext, Principal } from '../context.js';
import { nowSec, statsNowSec } from '../context.js';
import { PveHttpError, permissionDenied } from '../errors.js';
import { pveRoute, requirePrincipal } from '../pipeline.js';
import type { PveRequest } from '../pipeline.js';
import { listGuestRow, statusCurrentRow } from '../views/guest-rows.js';

function requirePriv(principal: Principal, path: string, privilege: string): void {
  if (!principal.perms.has(path, privilege)) throw permissionDenied(path, privilege);
}

function parseVmid(raw: string | undefined): number {
  const vmid = Number(raw);
  if (!/^\d+$/.test(raw ?? '') || vmid < 100 || vmid > 999_999_999) {
    throw new PveHttpError(400, 'Parameter verification failed.', {
      errors: { vmid: `invalid format - value does not look like a valid VM ID\n` },
    });
  }
  return vmid;
}

/** Loads a guest the way PVE loads its config: it must live on {node} with that type. */
function loadGuest(ctx: ApiContext, req: PveRequest, type: GuestType): GuestModel {
  const vmid = parseVmid(req.params.vmid);
  const node = req.params.node ?? '';
  const g = ctx.model.guest(vmid);
  if (!g || g.node !== node || g.type !== type) {
    const dir = type === 'qemu' ? 'qemu-server' : 'lxc';
    throw new PveHttpError(
      500,
      `Configuration file 'nodes/${node}/${dir}/${vmid}.conf' does not exist`,
    );
  }
  return g;
}

function upid(node: string, kind: string, vmid: number, userid: string, now: number): string {
  const hex = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');
  return `UPID:${node}:${hex(process.pid * 7 + vmid, 8)}:${hex(vmid * 131, 8)}:${hex(now, 8)}:${kind}:${vmid}:${userid}:`;
}

function agentEnabled(agent: string | undefined): boolean {
  if (agent === undefined) return false;
  const first = agent.split(',')[0] ?? '';
  return first === '1' || first === 'enabled=1';
}

export function registerGuestRoutes(app: FastifyInstance, ctx: ApiContext): void {
  for (const type of ['qemu', 'lxc'] as const) {
    pveRoute(app, ctx, 'GET', `/nodes/:node/${type}`, {
      handler: (req) => {
        const principal = requirePrincipal(req);
        const node = ctx.model.requireNode(req.params.node ?? '');
        const now = statsNowSec(ctx);
        const data = ctx.model
          .guests()
          .filter(
            (g) =>
              g.type === type &&
              g.node === node.name &&
              principal.perms.has(`/vms/${g.vmid}`, 'VM.Audit'),
          )
          .map((g) => listGuestRow(g, node, now, ctx.flavor));
        return { data };
      },
    });

    pveRoute(app, ctx, 'GET', `/nodes/:node/${type}/:vmid/config`, {
      handler: (req) => {
        const principal = requirePrincipal(req);
        requirePriv(principal, `/vms/${parseVmid(req.params.vmid)}`, 'VM.Audit');
        return { data: guestConfig(loadGuest(ctx, req, type), ctx.flavor) };
      },
    });

    pveRoute(app, ctx, 'GET', `/nodes/:node/${type}/:vmid/status/current`, {
      handler: (req) => {
        const principal = requirePrincipal(req);
        requirePriv(principal, `/vms/${parseVmid(req.params.vmid)}`, 'VM.Audit');
        const g = loadGuest(ctx, req, type);
        return {
          data: statusCurrentRow(g, ctx.model.requireNode(g.node), statsNowSec(ctx), ctx.flavor),
        };
      },
    });

    for (const action of ['start', 'stop'] as const) {
      pveRoute(app, ctx, 'POST', `/nodes/:node/${type}/:vmid/status/${action}`, {
        handler: (req) => {
          const principal = requirePrincipal(req);
          requirePriv(principal, `/vms/${parseVmid(req.params.vmid)}`, 'VM.PowerMgmt');
          const g = loadGuest(ctx, req, type);
          if (action === 'start') {
            if (g.template) throw new PveHttpError(500, `you can't start a vm if it's a template`);
            if (g.status === 'running') throw new PveHttpError(500, `VM ${g.vmid} already running`);
            ctx.model.startGuest(g.vmid);
          } else {
            if (g.status !== 'running') throw new PveHttpError(500, `VM ${g.vmid} not running`);
            ctx.model.stopGuest(g.vmid);
          }
          const kind = `${type === 'qemu' ? 'qm' : 'vz'}${action}`;
          return { data: upid(g.node, kind, g.vmid, principal.id, nowSec(ctx)) };
        },
      });
    }
  }

  pveRoute(app, ctx, 'GET', '/nodes/:node/qemu/:vmid/agent/network-get-interfaces', {
    handler: async (req) => {
      const principal = requirePrincipal(req);
      const vmid = parseVmid(req.params.vmid);
      requirePriv(principal, `/vms/${vmid}`, ctx.flavor.agentPrivilege);
      const g = loadGuest(ctx, req, 'qemu');
      // assert_agent_available order: configured (defined, even "0"), running, then guest-ping.
      if (g.agent === undefined) throw new PveHttpError(500, 'No QEMU guest agent configured');
      if (g.status !== 'running') throw new PveHttpError(500, `VM ${vmid} is not running`);
      const fault = ctx.faults.agents.get(vmid) ?? { state: 'ok' as const };
      if (fault.state === 'dead' || !agentEnabled(g.agent) || !g.agentInstalled) {
        const delay =
          fault.state === 'dead' ? (fault.delayMs ?? ctx.agentTimeoutMs) : ctx.agentTimeoutMs;
        if (delay > 0) await sleep(delay);
        throw new PveHttpError(500, 'QEMU guest agent is not running');
      }
      if (fault.state === 'slow') await sleep(fault.delayMs);
      if (fault.state === 'unsupported') {
        return {
          data: {
            result: {
              error: {
                class: 'Unsupported',
                desc: 'this feature or command is not currently supported',
              },
            },
          },
        };
      }
      return { data: { result: agentInterfaces(g, nowSec(ctx)) } };
    },
  });

  pveRoute(app, ctx, 'GET', '/nodes/:node/lxc/:vmid/interfaces', {
    handler: (req) => {
      const principal = requirePrincipal(req);
      requirePriv(principal, `/vms/${parseVmid(req.params.vmid)}`, 'VM.Audit');
      const g = loadGuest(ctx, req, 'lxc');
      if (g.status !== 'running') return { data: null };
      return { data: lxcInterfaces(g, ctx.flavor.lxcInterfacesIpAddresses) };
    },
  });
}
