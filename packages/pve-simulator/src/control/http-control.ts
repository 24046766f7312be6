// The HTTP control API under /_sim (no PVE auth; the simulator only listens on loopback).
// Every route maps 1:1 onto the programmatic `sim.control` API; bodies are JSON.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SimulatorControl } from './control.js';

const pathPattern = z.string().min(1).optional();
const scope = { path: pathPattern, endpoint: z.string().min(1).optional() };
const latencySchema = z.object({ ms: z.number().int().min(0), ...scope });
const errorSchema = z.object({
  status: z.number().int().min(400).max(599).optional(),
  message: z.string().optional(),
  count: z.number().int().min(1).optional(),
  probability: z.number().min(0).max(1).optional(),
  ...scope,
});
const bodySchema = z.object({
  kind: z.enum(['truncated', 'malformed']),
  count: z.number().int().min(1).optional(),
  ...scope,
});
const agentSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok') }),
  z.object({ state: z.literal('dead'), delayMs: z.number().int().min(0).optional() }),
  z.object({ state: z.literal('slow'), delayMs: z.number().int().min(0) }),
  z.object({ state: z.literal('unsupported') }),
]);
const createSchema = z
  .object({
    type: z.enum(['qemu', 'lxc']).optional(),
    node: z.string().optional(),
    vmid: z.number().int().optional(),
    name: z.string().optional(),
    ostype: z.string().optional(),
    running: z.boolean().optional(),
    tags: z.union([z.string(), z.array(z.string())]).optional(),
    pool: z.string().optional(),
    agent: z.string().optional(),
    template: z.boolean().optional(),
  })
  .strict();
const migrateSchema = z.object({ node: z.string().min(1) });
const tagsSchema = z.object({ tags: z.union([z.string(), z.array(z.string()), z.null()]) });
const configSchema = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
const delaySchema = z.object({ ms: z.number().int().min(0) });
const scenarioSchema = z.object({ scenario: z.string().min(1) }).strict();
const rotateSchema = z.object({ node: z.string().optional() }).optional();

function bad(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ error: message });
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path.join('.') || '(body)';
    throw new ControlInputError(`${what}: field "${field}": ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

class ControlInputError extends Error {}

function vmidOf(params: unknown): number {
  const raw = (params as { vmid?: string }).vmid ?? '';
  const vmid = Number(raw);
  if (!/^\d+$/.test(raw)) throw new ControlInputError(`vmid "${raw}" is not a number`);
  return vmid;
}

export function registerHttpControl(
  app: FastifyInstance,
  control: SimulatorControl,
  info: () => Record<string, unknown>,
): void {
  void app.register(
    async (r) => {
      r.setErrorHandler((err, _req, reply) => {
        const message = err instanceof Error ? err.message : String(err);
        const status = /^no guest with vmid/.test(message) ? 404 : 400;
        return bad(reply, status, message);
      });
      r.get('/info', async () => info());
      r.get('/requests', async () => control.requestCounts());
      r.delete('/requests', async () => {
        control.resetCounts();
        return { ok: true };
      });
      r.get('/guests', async () => control.guests());
      r.get('/guests/:vmid', async (req, reply) => {
        const g = control.guest(vmidOf(req.params));
        return g ?? bad(reply, 404, `no guest with vmid ${vmidOf(req.params)}`);
      });
      r.post('/guests', async (req) =>
        control.createGuest(parse(createSchema, req.body, 'create guest')),
      );
      r.delete('/guests/:vmid', async (req) => {
        control.deleteGuest(vmidOf(req.params));
        return { ok: true };
      });
      r.post('/guests/:vmid/start', async (req) => control.startGuest(vmidOf(req.params)));
      r.post('/guests/:vmid/stop', async (req) => control.stopGuest(vmidOf(req.params)));
      r.post('/guests/:vmid/migrate', async (req) =>
        control.migrateGuest(vmidOf(req.params), parse(migrateSchema, req.body, 'migrate').node),
      );
      r.put('/guests/:vmid/tags', async (req) =>
        control.setTags(vmidOf(req.params), parse(tagsSchema, req.body, 'tags').tags ?? undefined),
      );
      r.put('/guests/:vmid/config', async (req) =>
        control.setConfig(vmidOf(req.params), parse(configSchema, req.body, 'config')),
      );
      r.post('/guests/:vmid/agent', async (req) => {
        control.setAgent(vmidOf(req.params), parse(agentSchema, req.body, 'agent fault'));
        return { ok: true };
      });
      r.get('/scenarios', async () => control.scenarios());
      r.post('/scenarios', async (req) =>
        control.startScenario(parse(scenarioSchema, req.body, 'scenario').scenario),
      );
      r.delete('/scenarios', async () => {
        await control.clearScenarios();
        return { ok: true };
      });
      r.delete('/scenarios/:id', async (req) => ({
        removed: await control.stopScenario((req.params as { id: string }).id),
      }));
      r.get('/exporters', async () => control.exporters());
      r.get('/faults', async () => {
        const list = control.listFaults();
        // RegExp patterns do not survive JSON; show their source.
        const show = <T extends { path?: unknown }>(rs: T[]) =>
          rs.map((x) => ({ ...x, path: x.path instanceof RegExp ? String(x.path) : x.path }));
        return {
          ...list,
          latency: show(list.latency),
          errors: show(list.errors),
          bodies: show(list.bodies),
        };
      });
      r.delete('/faults', async () => {
        control.clearFaults();
        return { ok: true };
      });
      r.delete('/faults/:id', async (req) => ({
        removed: control.removeFault(Number((req.params as { id: string }).id)),
      }));
      r.post('/faults/latency', async (req) => ({
        id: control.addLatency(parse(latencySchema, req.body, 'latency fault')),
      }));
      r.post('/faults/error', async (req) => ({
        id: control.addError(parse(errorSchema, req.body, 'error fault')),
      }));
      r.post('/faults/body', async (req) => ({
        id: control.addBodyFault(parse(bodySchema, req.body, 'body fault')),
      }));
      r.post('/nodes/:node/offline', async (req) => {
        control.setNodeOnline((req.params as { node: string }).node, false);
        return { ok: true };
      });
      r.post('/nodes/:node/online', async (req) => {
        control.setNodeOnline((req.params as { node: string }).node, true);
        return { ok: true };
      });
      r.post('/nodes/:node/crash', async (req, reply) => {
        const node = (req.params as { node: string }).node;
        // Answer first: the node's own listener may be the one carrying this request.
        reply.raw.once('finish', () => void control.crashNode(node).catch(() => undefined));
        return { ok: true };
      });
      r.post('/nodes/:node/recover', async (req) => {
        await control.recoverNode((req.params as { node: string }).node);
        return { ok: true };
      });
      r.post('/tokens/:token/revoke', async (req) => {
        control.revokeToken((req.params as { token: string }).token);
        return { ok: true };
      });
      r.post('/tokens/:token/expire', async (req) => {
        control.expireToken((req.params as { token: string }).token);
        return { ok: true };
      });
      r.post('/tokens/:token/restore', async (req) => {
        control.restoreToken((req.params as { token: string }).token);
        return { ok: true };
      });
      r.post('/tls/rotate', async (req) => ({
        fingerprints: control.rotateCertificate(parse(rotateSchema, req.body, 'rotate')?.node),
      }));
      r.post('/auth-delay', async (req) => {
        control.setAuthDelay(parse(delaySchema, req.body, 'auth delay').ms);
        return { ok: true };
      });
      r.post('/endpoints/:node/down', async (req, reply) => {
        const node = (req.params as { node: string }).node;
        // Answer first: closing the listener destroys this very connection.
        reply.raw.once('finish', () => void control.endpointDown(node).catch(() => undefined));
        return { ok: true };
      });
      r.post('/endpoints/:node/up', async (req) => {
        await control.endpointUp((req.params as { node: string }).node);
        return { ok: true };
      });
    },
    { prefix: '/_sim' },
  );
}
