import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * An onRequest hook requiring `Authorization: Bearer <token>` (inventory is sensitive). Without a
 * configured token it lets everything through. Compares digests in constant time.
 */
export function bearerAuth(token: string | undefined): onRequestHookHandler {
  if (!token) return (_req, _reply, done) => done();
  const expected = digest(token);
  return (req: FastifyRequest, reply: FastifyReply, done) => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (m?.[1] && timingSafeEqual(digest(m[1].trim()), expected)) return done();
    void reply.code(401).header('www-authenticate', 'Bearer realm="pvemon-sd"').send({
      error: 'unauthorized',
      message: 'send Authorization: Bearer <token> (auth.bearerToken)',
    });
  };
}
