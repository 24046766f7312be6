// Maps a non-2xx PVE response to a typed error. The message is the JSON `message` field
// (PVE ≥ 8.3) or, on older nodes, the HTTP reason phrase.
import {
  ProxmoxAuthenticationError,
  type ProxmoxError,
  type ProxmoxErrorDetails,
  ProxmoxGuestAgentError,
  ProxmoxHttpError,
  ProxmoxNodeUnreachableError,
  ProxmoxNotFoundError,
  ProxmoxPermissionError,
} from './errors.js';
import type { GuestAgentUnavailableReason } from './types.js';

export interface ErrorResponse {
  method: string;
  status: number;
  statusText: string;
  /** Parsed JSON body, if any. */
  body: unknown;
  path: string;
  endpoint: string;
  node?: string;
}

/** `/nodes/{node}/…` → node (the call is proxied to that node). */
export function targetNode(path: string): string | undefined {
  const match = /^\/nodes\/([^/?]+)/.exec(path);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

function bodyField(body: unknown, field: string): unknown {
  return typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)[field]
    : undefined;
}

/** PVE's error text: JSON `message` (PVE ≥ 8.3), else the reason phrase. */
export function errorMessageOf(
  response: Pick<ErrorResponse, 'status' | 'statusText' | 'body'>,
): string {
  const message = bodyField(response.body, 'message');
  if (typeof message === 'string' && message.trim() !== '') return message.trim();
  if (response.statusText.trim() !== '') return response.statusText.trim();
  return `HTTP ${response.status}`;
}

const PERMISSION_CHECK = /Permission check failed \(([^,)]+),\s*([^)]+)\)/;

/** `Permission check failed (/vms/100, VM.Audit)` → path and privilege. */
export function parsePermissionMessage(
  message: string,
): { permissionPath: string; privilege: string } | undefined {
  const match = PERMISSION_CHECK.exec(message);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { permissionPath: match[1].trim(), privilege: match[2].trim() };
}

/** The three messages of qemu-server's `assert_agent_available`, in PVE's check order. */
export function guestAgentReason(message: string): GuestAgentUnavailableReason | undefined {
  if (/No QEMU guest agent configured/i.test(message)) return 'not-configured';
  if (/VM \d+ (is )?not running/i.test(message)) return 'vm-not-running';
  if (/QEMU guest agent is not running/i.test(message)) return 'agent-not-running';
  return undefined;
}

function parameterErrors(body: unknown): Record<string, string> | undefined {
  const errors = bodyField(body, 'errors');
  if (typeof errors !== 'object' || errors === null) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) out[key] = String(value);
  return out;
}

/** Builds the typed error for an error response. */
export function errorFromResponse(response: ErrorResponse): ProxmoxError {
  const message = errorMessageOf(response);
  const details: ProxmoxErrorDetails = {
    status: response.status,
    statusText: response.statusText,
    path: response.path,
    endpoint: response.endpoint,
    ...(response.node === undefined ? {} : { node: response.node }),
  };
  const where = `${response.method} ${response.path} via ${response.endpoint}`;
  const text = `${message} (HTTP ${response.status}, ${where})`;
  switch (response.status) {
    case 401:
      return new ProxmoxAuthenticationError(
        `Authentication failed: ${text} — check the token id/secret (or ticket credentials) and that the token has not expired or been removed`,
        details,
      );
    case 403: {
      const parsed = parsePermissionMessage(message);
      const hint =
        parsed === undefined
          ? ''
          : ` — grant ${parsed.privilege} on ${parsed.permissionPath} to the token (and, with privilege separation, to its user)`;
      return new ProxmoxPermissionError(`Permission denied: ${text}${hint}`, {
        ...details,
        ...parsed,
      });
    }
    case 404:
    case 501:
      return new ProxmoxNotFoundError(`Not found or not implemented: ${text}`, details);
    case 595:
    case 596: {
      const node = response.node;
      return new ProxmoxNodeUnreachableError(
        `Node ${node ?? '(unknown)'} is unreachable from ${response.endpoint}: ${text}`,
        details,
      );
    }
    default:
      break;
  }
  if (response.status === 500 && response.path.includes('/agent/')) {
    const reason = guestAgentReason(message);
    if (reason !== undefined) {
      return new ProxmoxGuestAgentError(reason, `Guest agent unavailable: ${text}`, details);
    }
  }
  const errors = parameterErrors(response.body);
  const suffix =
    errors === undefined
      ? ''
      : `: ${Object.entries(errors)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; ')}`;
  return new ProxmoxHttpError(`${text}${suffix}`, {
    ...details,
    ...(errors === undefined ? {} : { errors }),
  });
}
