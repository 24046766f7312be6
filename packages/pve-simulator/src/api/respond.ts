// Writes PVE-shaped responses: exact content type, reason phrase in the status line, `message`
// in error bodies from PVE 8.3, and the body faults (truncated / malformed JSON).
import type { FastifyReply } from 'fastify';
import type { ApiContext } from './context.js';
import type { PveHttpError } from './errors.js';

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export function sendBody(
  reply: FastifyReply,
  ctx: ApiContext,
  apiPath: string,
  endpoint: string,
  body: string | Buffer,
): FastifyReply {
  let out: string | Buffer = body;
  const fault = ctx.faults.takeBodyFault(apiPath, endpoint);
  if (fault?.kind === 'truncated') {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    out = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
  } else if (fault?.kind === 'malformed') out = `{"data":[{"id":"qemu/100",,"name":}]<html>`;
  reply.raw.statusMessage = 'OK';
  return reply.code(200).type(JSON_CONTENT_TYPE).send(out);
}

export function sendData(
  reply: FastifyReply,
  ctx: ApiContext,
  apiPath: string,
  endpoint: string,
  data: unknown,
): FastifyReply {
  return sendBody(reply, ctx, apiPath, endpoint, JSON.stringify({ data: data ?? null }));
}

export function sendError(reply: FastifyReply, ctx: ApiContext, err: PveHttpError): FastifyReply {
  // Reason phrases cannot contain newlines; PVE's `message` keeps the `die "...\n"` newline.
  reply.raw.statusMessage = err.message.replace(/[\r\n]+/g, ' ').trim();
  reply.code(err.status);
  if (err.options.emptyBody) return reply.send('');
  const body: Record<string, unknown> = { data: null };
  if (err.options.errors) body.errors = err.options.errors;
  if (ctx.flavor.errorMessageField) body.message = `${err.message}\n`;
  return reply.type(JSON_CONTENT_TYPE).send(JSON.stringify(body));
}
