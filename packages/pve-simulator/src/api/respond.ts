// Writes PVE-shaped responses: exact content type, reason phrase in the status line (first line
// of the message), `message` in error bodies from PVE 8.3, gzip when the client accepts it and
// `Connection: close` after errors (both as pveproxy's AnyEvent `response()` does), and the
// body faults (truncated / malformed JSON).
import { gzipSync } from 'node:zlib';
import type { FastifyReply } from 'fastify';
import type { ApiContext } from './context.js';
import type { PveHttpError } from './errors.js';

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** A body that may carry a cached gzip form (large cached bodies are compressed once). */
export interface PreparedBody {
  raw: string | Buffer;
  gzip?: () => Buffer;
}

function acceptsGzip(reply: FastifyReply): boolean {
  return /\bgzip\b/i.test(String(reply.request.headers['accept-encoding'] ?? ''));
}

function finish(reply: FastifyReply, body: PreparedBody): FastifyReply {
  if (reply.statusCode >= 400) reply.header('connection', 'close');
  if (body.raw.length === 0 || !acceptsGzip(reply)) return reply.send(body.raw);
  reply.header('content-encoding', 'gzip');
  return reply.send(body.gzip ? body.gzip() : gzipSync(body.raw));
}

export function sendBody(
  reply: FastifyReply,
  ctx: ApiContext,
  apiPath: string,
  endpoint: string,
  body: string | Buffer | PreparedBody,
): FastifyReply {
  let prepared: PreparedBody =
    typeof body === 'string' || Buffer.isBuffer(body) ? { raw: body } : body;
  const fault = ctx.faults.takeBodyFault(apiPath, endpoint);
  if (fault?.kind === 'truncated') {
    const bytes = Buffer.from(prepared.raw);
    prepared = { raw: bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))) };
  } else if (fault?.kind === 'malformed') {
    prepared = { raw: `{"data":[{"id":"qemu/100",,"name":}]<html>` };
  }
  reply.raw.statusMessage = 'OK';
  reply.code(200).type(JSON_CONTENT_TYPE);
  return finish(reply, prepared);
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
  // The reason phrase is the message's first line; `message` keeps Perl's `die "...\n"` newline.
  reply.raw.statusMessage = (err.message.split(/\r?\n/)[0] ?? '').trim() || 'Error';
  reply.code(err.status);
  if (err.options.emptyBody) {
    // pveproxy sends these without a formatter: no body, no content type.
    reply.header('connection', 'close');
    return reply.send();
  }
  const body: Record<string, unknown> = { data: null };
  if (err.options.errors) body.errors = err.options.errors;
  if (ctx.flavor.errorMessageField) body.message = `${err.message}\n`;
  reply.type(JSON_CONTENT_TYPE);
  return finish(reply, { raw: JSON.stringify(body) });
}
