// pveproxy's authentication: ticket cookie (or PVEAuthCookie in Authorization) first, then
// `PVEAPIToken=USER@REALM!TOKENID=SECRET`. Failures carry PVE's 401 reason phrases.
import type { FastifyRequest } from 'fastify';
import type { TokenInfo } from '../auth/identities.js';
import type { ApiContext, Principal } from './context.js';
import { PveHttpError } from './errors.js';

const unauthorized = (message: string): PveHttpError =>
  new PveHttpError(401, message, { emptyBody: true });

function cookieTicket(req: FastifyRequest): string | undefined {
  const cookie = req.headers.cookie;
  if (cookie) {
    for (const part of cookie.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === 'PVEAuthCookie') return decodeURIComponent(v.join('='));
    }
  }
  const auth = req.headers.authorization;
  if (auth?.startsWith('PVEAuthCookie=')) return decodeURIComponent(auth.slice(14));
  return undefined;
}

function findToken(ctx: ApiContext, id: string): TokenInfo | undefined {
  return Object.values(ctx.tokens).find((t: TokenInfo) => t.id === id);
}

export function authenticate(req: FastifyRequest, ctx: ApiContext): Principal {
  const ticket = cookieTicket(req);
  if (ticket !== undefined) {
    const userid = ctx.tickets.verify(ticket);
    if (!userid) throw unauthorized('permission denied - invalid PVE ticket');
    if (req.method !== 'GET') {
      const csrf = req.headers['csrfpreventiontoken'];
      if (typeof csrf !== 'string' || !ctx.tickets.verifyCsrf(userid, csrf)) {
        throw unauthorized('Permission denied - invalid csrf token');
      }
    }
    return { id: userid, userid, kind: 'ticket', perms: ctx.permissionsFor(userid) };
  }
  const auth = req.headers.authorization;
  const m = auth ? /^PVEAPIToken[= ](.*)$/.exec(auth) : null;
  if (!m || m[1] === undefined) throw unauthorized('No ticket');
  // Like AccessControl::verify_token: everything before the last '=' is the token id.
  const split = /^(.*)=(.*)$/.exec(m[1]);
  if (!split || split[1] === undefined || split[2] === undefined) {
    throw unauthorized('no tokenid specified');
  }
  const [, tokenid, secret] = split;
  const tm = /^(\S+@\S+)!(\S+)$/.exec(tokenid);
  if (!tm || tm[1] === undefined || tm[2] === undefined) {
    throw unauthorized(`'${tokenid}' is not a valid token ID`);
  }
  const [, userid, tokenName] = tm;
  const known = Object.values(ctx.tokens).some((t: TokenInfo) => t.userid === userid);
  if (!known) throw unauthorized(`no such user ('${userid}')`);
  const token = findToken(ctx, tokenid);
  if (!token || ctx.faults.revokedTokens.has(tokenid)) {
    throw unauthorized(`no such token '${tokenName}' for user '${userid}'`);
  }
  // verify_token order: exists, then expiry, then the secret.
  if (ctx.faults.expiredTokens.has(tokenid)) throw unauthorized('token expired');
  if (token.secret !== secret) throw unauthorized('invalid token value!');
  return { id: token.id, userid, kind: 'token', perms: ctx.permissionsFor(token.id) };
}
