// Typed errors. Branch with `instanceof` or, robust across duplicate copies of this package
// (ESM + CJS in one process), with `error.code` / `isProxmoxError(error, code)`.
import type { GuestAgentUnavailableReason, ProxmoxErrorCode } from './types.js';

export interface ProxmoxErrorDetails {
  /** HTTP status (including PVE's 595/596 pseudo-statuses). */
  status?: number;
  /** HTTP reason phrase (older PVE puts the error message only here). */
  statusText?: string;
  /** API path below `/api2/json`, e.g. `/nodes/pve1/qemu/100/config`. */
  path?: string;
  /** Base URL of the endpoint that answered (or failed). */
  endpoint?: string;
  /** Target node of a `/nodes/{node}/…` call. */
  node?: string;
  cause?: unknown;
}

/** Base class of every error this package throws. */
export class ProxmoxError extends Error {
  readonly code: ProxmoxErrorCode;
  readonly status?: number;
  readonly statusText?: string;
  readonly path?: string;
  readonly endpoint?: string;
  readonly node?: string;

  constructor(code: ProxmoxErrorCode, message: string, details: ProxmoxErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = details.status;
    this.statusText = details.statusText;
    this.path = details.path;
    this.endpoint = details.endpoint;
    this.node = details.node;
  }
}

/** Invalid client options; `field` names the option (e.g. `auth.tokenId`). */
export class ProxmoxOptionsError extends ProxmoxError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('OPTIONS', message);
    this.field = field;
  }
}

/** An HTTP error without a more specific class (400 parameter errors, 500 handler errors, …). */
export class ProxmoxHttpError extends ProxmoxError {
  /** 400 responses: parameter → message. */
  readonly errors?: Record<string, string>;
  constructor(message: string, details: ProxmoxErrorDetails & { errors?: Record<string, string> }) {
    super('HTTP', message, details);
    this.errors = details.errors;
  }
}

/** 401: missing, invalid, expired or revoked token / ticket. */
export class ProxmoxAuthenticationError extends ProxmoxError {
  constructor(message: string, details: ProxmoxErrorDetails) {
    super('AUTHENTICATION', message, details);
  }
}

/** 403: authenticated but lacking a privilege, e.g. `Permission check failed (/vms/100, VM.Audit)`. */
export class ProxmoxPermissionError extends ProxmoxError {
  /** ACL path from the message (`/vms/100`), when PVE named it. */
  readonly permissionPath?: string;
  /** Missing privilege (`VM.Audit`), when PVE named it. */
  readonly privilege?: string;
  constructor(
    message: string,
    details: ProxmoxErrorDetails & { permissionPath?: string; privilege?: string },
  ) {
    super('PERMISSION', message, details);
    this.permissionPath = details.permissionPath;
    this.privilege = details.privilege;
  }
}

/** 404 / 501: no such path or method (e.g. an endpoint newer than the cluster's PVE). */
export class ProxmoxNotFoundError extends ProxmoxError {
  constructor(message: string, details: ProxmoxErrorDetails) {
    super('NOT_FOUND', message, details);
  }
}

/** The QEMU guest agent could not answer; `reason` says why. */
export class ProxmoxGuestAgentError extends ProxmoxError {
  readonly reason: GuestAgentUnavailableReason;
  /** For `agent-error`: the agent's error class (`Unsupported`, `CommandNotFound`, …). */
  readonly agentErrorClass?: string;
  constructor(
    reason: GuestAgentUnavailableReason,
    message: string,
    details: ProxmoxErrorDetails & { agentErrorClass?: string },
  ) {
    super('GUEST_AGENT_UNAVAILABLE', message, details);
    this.reason = reason;
    this.agentErrorClass = details.agentErrorClass;
  }
}

/** 595/596: the answering pveproxy could not reach the target node (node down or TLS broken). */
export class ProxmoxNodeUnreachableError extends ProxmoxError {
  constructor(message: string, details: ProxmoxErrorDetails) {
    super('NODE_UNREACHABLE', message, details);
  }
}

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'request';

/** A request exceeded a time budget. */
export class ProxmoxTimeoutError extends ProxmoxError {
  readonly phase: TimeoutPhase;
  readonly timeoutMs?: number;
  constructor(
    message: string,
    details: ProxmoxErrorDetails & { phase: TimeoutPhase; timeoutMs?: number },
  ) {
    super('TIMEOUT', message, details);
    this.phase = details.phase;
    this.timeoutMs = details.timeoutMs;
  }
}

/** TLS verification failed. `fingerprint` is the SHA-256 of the presented leaf certificate. */
export class ProxmoxTlsError extends ProxmoxError {
  readonly fingerprint?: string;
  /** OpenSSL / Node reason (`SELF_SIGNED_CERT_IN_CHAIN`, `FINGERPRINT_MISMATCH`, …). */
  readonly reason: string;
  constructor(
    message: string,
    details: ProxmoxErrorDetails & { fingerprint?: string; reason: string },
  ) {
    super('TLS', message, details);
    this.fingerprint = details.fingerprint;
    this.reason = details.reason;
  }
}

export interface ResponseIssue {
  /** Dotted location inside `data`, e.g. `[3].vmid`. */
  field: string;
  message: string;
}

/** The body was not JSON, not `{data: …}`, or `data` failed schema validation. */
export class ProxmoxInvalidResponseError extends ProxmoxError {
  readonly issues: ResponseIssue[];
  constructor(message: string, details: ProxmoxErrorDetails & { issues?: ResponseIssue[] }) {
    super('INVALID_RESPONSE', message, details);
    this.issues = details.issues ?? [];
  }
}

/** Network failure (refused, reset, DNS, …) on every endpoint tried. */
export class ProxmoxConnectionError extends ProxmoxError {
  constructor(message: string, details: ProxmoxErrorDetails) {
    super('CONNECTION', message, details);
  }
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. */
export class ProxmoxAbortError extends ProxmoxError {
  constructor(message: string, details: ProxmoxErrorDetails) {
    super('ABORTED', message, details);
  }
}

/** True when `error` is a ProxmoxError (optionally of `code`), even from another package copy. */
export function isProxmoxError(error: unknown, code?: ProxmoxErrorCode): error is ProxmoxError {
  if (error instanceof ProxmoxError) return code === undefined || error.code === code;
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; name?: unknown };
  return (
    typeof candidate.name === 'string' &&
    candidate.name.startsWith('Proxmox') &&
    typeof candidate.code === 'string' &&
    (code === undefined || candidate.code === code)
  );
}
