// Validates and resolves ProxmoxClientOptions. Bad input → ProxmoxOptionsError naming the field
// and the fix. Values of auth fields are never echoed (they may hold secrets).
import { z } from 'zod';
import { ProxmoxOptionsError } from './errors.js';
import type {
  ProxmoxClientOptions,
  ProxmoxLogger,
  TicketAuthOptions,
  TokenAuthOptions,
} from './types.js';

export const DEFAULT_PORT = 8006;
export const VERSION = '0.1.0';

export interface ResolvedEndpoint {
  /** `https://host:port[/base]` — what users see in errors and health. */
  url: string;
  /** `https://host:port` for undici. */
  origin: string;
  /** Path prefix before `/api2/json` ('' normally; set behind a path-routing reverse proxy). */
  basePath: string;
}

export interface ResolvedOptions {
  endpoints: ResolvedEndpoint[];
  auth: TokenAuthOptions | (TicketAuthOptions & { renewAfterMs: number });
  tls: {
    ca?: (string | Buffer)[];
    /** 64 upper-case hex digits each. */
    fingerprints: string[];
    verifyHostname: boolean;
    insecure: boolean;
  };
  timeouts: {
    connectMs: number;
    headersMs: number;
    bodyMs: number;
    requestMs: number;
    agentMs: number;
  };
  retry: {
    retries: number;
    baseDelayMs: number;
    maxDelayMs: number;
    retryNodeUnreachable: boolean;
  };
  concurrency: { perEndpoint: number; perNode: number; spread: boolean };
  failover: { cooldownMs: number };
  logger: ProxmoxLogger;
  userAgent: string;
}

/** `AA:BB:…`, `aabb…`, `aa bb …` → 64 upper-case hex digits; undefined if not SHA-256. */
export function normaliseFingerprint(value: string): string | undefined {
  const hex = value.replace(/[\s:-]/g, '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? hex : undefined;
}

/** 64 hex digits → `AA:BB:…` as PVE's `/nodes` shows it. */
export function formatFingerprint(value: string): string {
  const hex = normaliseFingerprint(value) ?? value.toUpperCase();
  return hex.match(/../g)?.join(':') ?? hex;
}

/**
 * `pve1` → `https://pve1:8006`; `pve1:8443` → `https://pve1:8443`; `https://pve1` →
 * `https://pve1:8006` (pveproxy's port, unlike a browser's 443); a trailing `/api2/json` is dropped.
 */
export function resolveEndpoint(raw: string): ResolvedEndpoint | string {
  const input = raw.trim();
  if (input === '') return 'is empty; give a URL like "https://pve1.example.com:8006"';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return `"${input}" is not a valid URL; give a URL like "https://pve1.example.com:8006"`;
  }
  if (url.protocol !== 'https:') {
    return `"${input}" uses ${url.protocol.slice(0, -1)}; pveproxy only speaks https — use "https://${url.host}"`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'must not contain credentials; use the `auth` option';
  }
  if (url.search !== '' || url.hash !== '') {
    return `"${input}" must not contain a query or fragment`;
  }
  // URL drops an explicit :443, so look at the authority text to see whether a port was given.
  const authority = withScheme.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0] ?? '';
  const explicitPort = /:\d+$/.test(authority);
  const port = explicitPort ? (url.port === '' ? '443' : url.port) : String(DEFAULT_PORT);
  const origin = `https://${url.hostname}:${port}`;
  const basePath = url.pathname.replace(/\/+$/, '').replace(/\/api2\/json$/, '');
  return { url: origin + basePath, origin, basePath };
}

const positiveInt = (what: string) =>
  z
    .number({ error: `must be a number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .positive({ error: `must be greater than 0 (${what})` });
const nonNegativeInt = (what: string) =>
  z
    .number({ error: `must be a number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .min(0, { error: `must be 0 or more (${what})` });

const TOKEN_ID = /^[^\s@!=]+@[^\s@!=]+![A-Za-z][A-Za-z0-9._-]+$/;
const USERNAME = /^[^\s@!=]+@[^\s@!=]+$/;

const tokenAuthSchema = z.object({
  type: z.literal('token'),
  tokenId: z
    .string({ error: 'must be a string like "monitor@pve!sd"' })
    .refine((v) => !v.includes('='), {
      error:
        'must not contain "=" — pass only USER@REALM!TOKENID here and the secret in auth.secret',
    })
    .refine((v) => TOKEN_ID.test(v), {
      error:
        'must look like "USER@REALM!TOKENID" (e.g. "monitor@pve!sd"), as shown by `pveum user token list`',
    }),
  secret: z
    .string({ error: 'must be a string (the token secret UUID shown once at creation)' })
    .refine((v) => v.trim() !== '' && !/\s/.test(v), {
      error: 'must be the non-empty token secret (a UUID) without whitespace',
    }),
});

const ticketAuthSchema = z.object({
  type: z.literal('ticket'),
  username: z
    .string({ error: 'must be a string like "monitor@pve"' })
    .refine((v) => USERNAME.test(v), { error: 'must look like "USER@REALM" (e.g. "monitor@pve")' }),
  password: z
    .string({ error: 'must be a string' })
    .refine((v) => v !== '', { error: 'must not be empty' }),
  renewAfterMs: positiveInt('milliseconds; PVE tickets expire after 2 h')
    .max(7_000_000, { error: 'must be below the 2 h ticket lifetime (e.g. 3600000)' })
    .optional(),
});

const certificate = z.union([z.string(), z.instanceof(Buffer)], {
  error: 'must be PEM text or a Buffer (e.g. fs.readFileSync("pve-root-ca.pem"))',
});

const optionsSchema = z.object({
  endpoints: z.union(
    [z.string(), z.array(z.string()).min(1, { error: 'must list at least one URL' })],
    {
      error: 'must be a URL string or an array of them, e.g. ["https://pve1.example.com:8006"]',
    },
  ),
  auth: z.discriminatedUnion('type', [tokenAuthSchema, ticketAuthSchema], {
    error: 'must be { type: "token", tokenId, secret } or { type: "ticket", username, password }',
  }),
  tls: z
    .object({
      ca: z.union([certificate, z.array(certificate)]).optional(),
      fingerprints: z
        .union([z.string(), z.array(z.string())], {
          error: 'must be a SHA-256 fingerprint string or an array of them',
        })
        .optional(),
      verifyHostname: z.boolean({ error: 'must be true or false' }).optional(),
      insecure: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .optional(),
  timeouts: z
    .object({
      connectMs: positiveInt('milliseconds').optional(),
      headersMs: positiveInt('milliseconds').optional(),
      bodyMs: positiveInt('milliseconds').optional(),
      requestMs: positiveInt('milliseconds').optional(),
      agentMs: positiveInt('milliseconds').optional(),
    })
    .optional(),
  retry: z
    .union([
      z.literal(false),
      z.object({
        retries: nonNegativeInt('extra attempts')
          .max(10, { error: 'must be 10 or less' })
          .optional(),
        baseDelayMs: nonNegativeInt('milliseconds').optional(),
        maxDelayMs: nonNegativeInt('milliseconds').optional(),
        retryNodeUnreachable: z.boolean({ error: 'must be true or false' }).optional(),
      }),
    ])
    .optional(),
  concurrency: z
    .object({
      perEndpoint: positiveInt('in-flight requests').optional(),
      perNode: positiveInt('in-flight requests').optional(),
      spread: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .optional(),
  failover: z.object({ cooldownMs: nonNegativeInt('milliseconds').optional() }).optional(),
  logger: z
    .custom<ProxmoxLogger>(
      (v) => typeof v === 'object' && v !== null && typeof (v as ProxmoxLogger).warn === 'function',
      { error: 'must be an object with at least a warn(obj, msg) method (pino and console fit)' },
    )
    .optional(),
  userAgent: z.string({ error: 'must be a string' }).optional(),
});

function fieldName(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function fail(field: string, problem: string): never {
  throw new ProxmoxOptionsError(field, `Invalid proxmox-client option "${field}": ${problem}`);
}

const defaultLogger: ProxmoxLogger = {
  warn(obj, msg) {
    console.warn(`[proxmox-client] ${msg ?? ''}`, obj);
  },
};

/** Validates user options and fills in defaults. */
export function resolveOptions(input: ProxmoxClientOptions): ResolvedOptions {
  if (typeof input !== 'object' || input === null) {
    fail('options', 'expected an object like { endpoints: [...], auth: {...} }');
  }
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? 'options' : fieldName(issue.path) || 'options';
    const message =
      issue?.code === 'invalid_union' && field === 'auth'
        ? 'must be { type: "token", tokenId, secret } or { type: "ticket", username, password }'
        : (issue?.message ?? 'is invalid');
    fail(field, message);
  }
  const o = parsed.data;

  const rawEndpoints = typeof o.endpoints === 'string' ? [o.endpoints] : o.endpoints;
  const endpoints: ResolvedEndpoint[] = [];
  rawEndpoints.forEach((raw, i) => {
    const resolved = resolveEndpoint(raw);
    if (typeof resolved === 'string') fail(`endpoints[${i}]`, resolved);
    if (!endpoints.some((e) => e.url === resolved.url)) endpoints.push(resolved);
  });

  const fingerprints: string[] = [];
  const rawPins = o.tls?.fingerprints;
  (typeof rawPins === 'string' ? [rawPins] : (rawPins ?? [])).forEach((pin, i) => {
    const fp = normaliseFingerprint(pin);
    if (fp === undefined) {
      fail(
        `tls.fingerprints[${i}]`,
        'must be a SHA-256 fingerprint: 32 hex bytes like "80:D4:F2:…:69:F5" (see `pvenode cert info` or GET /nodes ssl_fingerprint)',
      );
    }
    fingerprints.push(fp);
  });
  const insecure = o.tls?.insecure ?? false;
  if (insecure && (fingerprints.length > 0 || o.tls?.ca !== undefined)) {
    fail('tls.insecure', 'cannot be combined with tls.ca or tls.fingerprints; drop one of them');
  }
  const ca = o.tls?.ca === undefined ? undefined : Array.isArray(o.tls.ca) ? o.tls.ca : [o.tls.ca];

  const auth =
    o.auth.type === 'ticket'
      ? { ...o.auth, renewAfterMs: o.auth.renewAfterMs ?? 3_600_000 }
      : o.auth;
  const retry =
    o.retry === false
      ? { retries: 0, baseDelayMs: 0, maxDelayMs: 0, retryNodeUnreachable: false }
      : {
          retries: o.retry?.retries ?? 2,
          baseDelayMs: o.retry?.baseDelayMs ?? 200,
          maxDelayMs: o.retry?.maxDelayMs ?? 2_000,
          retryNodeUnreachable: o.retry?.retryNodeUnreachable ?? false,
        };

  return {
    endpoints,
    auth,
    tls: { ca, fingerprints, verifyHostname: o.tls?.verifyHostname ?? true, insecure },
    timeouts: {
      connectMs: o.timeouts?.connectMs ?? 5_000,
      headersMs: o.timeouts?.headersMs ?? 15_000,
      bodyMs: o.timeouts?.bodyMs ?? 15_000,
      requestMs: o.timeouts?.requestMs ?? 30_000,
      agentMs: o.timeouts?.agentMs ?? 15_000,
    },
    retry,
    concurrency: {
      perEndpoint: o.concurrency?.perEndpoint ?? 3,
      perNode: o.concurrency?.perNode ?? 3,
      spread: o.concurrency?.spread ?? false,
    },
    failover: { cooldownMs: o.failover?.cooldownMs ?? 30_000 },
    logger: o.logger ?? defaultLogger,
    userAgent: o.userAgent ?? `pvemon-proxmox-client/${VERSION}`,
  };
}
