import { isProxmoxError, type ProxmoxErrorCode } from '@pvemon/proxmox-client';
import type { UnresolvedReason } from './model.js';

/** Outcome label of `pvemon_sd_proxmox_requests_total`. */
export type RequestOutcome =
  | 'ok'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'agent_unavailable'
  | 'node_unreachable'
  | 'timeout'
  | 'tls'
  | 'invalid_response'
  | 'connection'
  | 'aborted'
  | 'error';

const OUTCOMES: Partial<Record<ProxmoxErrorCode, RequestOutcome>> = {
  AUTHENTICATION: 'auth',
  PERMISSION: 'forbidden',
  NOT_FOUND: 'not_found',
  GUEST_AGENT_UNAVAILABLE: 'agent_unavailable',
  NODE_UNREACHABLE: 'node_unreachable',
  TIMEOUT: 'timeout',
  TLS: 'tls',
  INVALID_RESPONSE: 'invalid_response',
  CONNECTION: 'connection',
  ABORTED: 'aborted',
};

export function requestOutcome(error: unknown): RequestOutcome {
  if (!isProxmoxError(error)) return 'error';
  return OUTCOMES[error.code] ?? 'error';
}

export function isNodeUnreachable(error: unknown): boolean {
  return isProxmoxError(error, 'NODE_UNREACHABLE');
}

/** Why a guest's interfaces could not be read, in /health's vocabulary. */
export function interfacesFailureReason(error: unknown): UnresolvedReason {
  if (!isProxmoxError(error)) return 'agent_error';
  switch (error.code) {
    case 'GUEST_AGENT_UNAVAILABLE': {
      const reason = (error as { reason?: string }).reason;
      if (reason === 'not-configured') return 'no_agent';
      if (reason === 'agent-not-running' || reason === 'vm-not-running') return 'agent_not_running';
      return 'agent_error';
    }
    case 'NODE_UNREACHABLE':
      return 'node_unreachable';
    case 'PERMISSION':
      return 'forbidden';
    default:
      return 'agent_error';
  }
}

/** Removes every known secret from a text (defence in depth: the client never puts them there). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[REDACTED]');
  return out;
}

/** A one-line, secret-free description of an error for /health and logs. */
export function describeError(error: unknown, secrets: readonly string[]): string {
  const code = isProxmoxError(error) ? `${error.code}: ` : '';
  const message = error instanceof Error ? error.message : String(error);
  return scrub(`${code}${message}`, secrets).slice(0, 500);
}
