// HTTP exchange with PVE: endpoint failover, retries (idempotent GETs only), timeouts, concurrency
// limits, and mapping of every failure to a typed ProxmoxError.
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { onAbort } from './abort-fan-out.js';
import { backoffDelay, sleep } from './backoff.js';
import {
  ProxmoxAbortError,
  ProxmoxConnectionError,
  ProxmoxError,
  type ProxmoxErrorDetails,
  ProxmoxInvalidResponseError,
  ProxmoxTimeoutError,
  ProxmoxTlsError,
} from './errors.js';
import { KeyedSemaphores, type Release } from './limiter.js';
import type { ResolvedEndpoint, ResolvedOptions } from './options.js';
import { errorFromResponse, targetNode } from './response-errors.js';
import { createTlsConnector } from './tls.js';
import type { EndpointHealth, QueryValue } from './types.js';

export type HttpMethod = 'GET' | 'POST';

export interface TransportRequest {
  method: HttpMethod;
  /** Path below `/api2/json`, starting with `/`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Form fields for POST (application/x-www-form-urlencoded). */
  form?: Record<string, string>;
  signal?: AbortSignal;
  /** Whole-request budget per attempt; defaults by `kind`. */
  timeoutMs?: number;
  /** `agent` calls get the longer guest-agent budget. */
  kind?: 'default' | 'agent';
  /** Skip auth headers (the login call). */
  anonymous?: boolean;
}

export interface TransportResponse {
  /** The `data` member of PVE's envelope. */
  data: unknown;
  endpoint: string;
}

/** Supplies auth headers and handles 401s (ticket re-login); see auth.ts. */
export interface AuthProvider {
  headers(method: HttpMethod, signal?: AbortSignal): Promise<Record<string, string>>;
  /** Called on 401; return true to replay the request once with fresh headers. */
  onUnauthorized(signal?: AbortSignal): Promise<boolean>;
  /** Strings that must never appear in errors or logs. */
  secrets(): string[];
}

interface EndpointState {
  endpoint: ResolvedEndpoint;
  consecutiveFailures: number;
  cooldownUntil: number;
  lastError?: string;
}

/** How an attempt on one endpoint ended, when it did not succeed. */
interface AttemptFailure {
  error: ProxmoxError;
  /** Try the next endpoint. */
  failover: boolean;
  /** Worth another round after a backoff (GET only). */
  retryable: boolean;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.append(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export class Transport {
  readonly #options: ResolvedOptions;
  readonly #dispatcher: Agent;
  readonly #states: EndpointState[];
  readonly #endpointLimits: KeyedSemaphores;
  readonly #nodeLimits: KeyedSemaphores;
  /** Spread mode: requests currently routed to each endpoint, and each node's own endpoint. */
  readonly #routed: number[];
  readonly #nodeHome = new Map<string, number>();
  #cursor = 0;
  #preferred = 0;
  #auth?: AuthProvider;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#states = options.endpoints.map((endpoint) => ({
      endpoint,
      consecutiveFailures: 0,
      cooldownUntil: 0,
    }));
    this.#routed = options.endpoints.map(() => 0);
    this.#endpointLimits = new KeyedSemaphores(options.concurrency.perEndpoint);
    this.#nodeLimits = new KeyedSemaphores(options.concurrency.perNode);
    this.#dispatcher = new Agent({
      connect: createTlsConnector({
        policy: options.tls,
        connectTimeoutMs: options.timeouts.connectMs,
      }),
      headersTimeout: options.timeouts.headersMs,
      bodyTimeout: options.timeouts.bodyMs,
      keepAliveTimeout: 4_000,
      // Our limiter caps in-flight requests; keep the pool from opening more sockets than that.
      connections: options.concurrency.perEndpoint,
    });
  }

  setAuth(auth: AuthProvider): void {
    this.#auth = auth;
  }

  /** Closes idle connections and rejects new requests. */
  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  health(now = Date.now()): EndpointHealth[] {
    return this.#states.map((state, i) => {
      const healthy = state.cooldownUntil <= now;
      const entry: EndpointHealth = {
        endpoint: state.endpoint.url,
        preferred: i === this.#preferred,
        healthy,
        consecutiveFailures: state.consecutiveFailures,
        inFlight: this.#endpointLimits.active(state.endpoint.url),
      };
      if (!healthy) entry.cooldownUntil = state.cooldownUntil;
      if (state.lastError !== undefined) entry.lastError = state.lastError;
      return entry;
    });
  }

  /**
   * Learns which endpoint serves which node, from a `/cluster/status` answer: the `local` row is
   * the node that answered; an endpoint whose host is a node's IP or name is that node's.
   */
  learnNodes(
    rows: readonly { name: string; ip?: string; local: boolean }[],
    answeredBy: string,
  ): void {
    const hosts = this.#states.map(({ endpoint }) =>
      new URL(endpoint.origin).hostname.replace(/^\[|\]$/g, '').toLowerCase(),
    );
    for (const row of rows) {
      const name = row.name.toLowerCase();
      const ip = row.ip?.toLowerCase();
      const index = row.local
        ? this.#states.findIndex(({ endpoint }) => endpoint.url === answeredBy)
        : hosts.findIndex((h) => h === ip || h === name || h.startsWith(`${name}.`));
      if (index !== -1) this.#nodeHome.set(row.name, index);
    }
  }

  /** Removes secrets from a text. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.#auth?.secrets() ?? []) {
      if (secret.length < 4) continue;
      // Also the encoded forms a server might echo back (form bodies, cookies).
      const forms = new Set([
        secret,
        encodeURIComponent(secret),
        new URLSearchParams({ s: secret }).toString().slice(2),
      ]);
      for (const form of forms) out = out.split(form).join('***');
    }
    return out;
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    const retries = req.method === 'GET' ? this.#options.retry.retries : 0;
    let replayedAfter401 = false;
    for (let attempt = 0; ; attempt++) {
      let outcome: TransportResponse | AttemptFailure;
      try {
        outcome = await this.#round(req);
      } catch (error) {
        throw this.#sanitise(error);
      }
      if (!('error' in outcome)) return outcome;
      const { error } = outcome;
      if (error.status === 401 && !req.anonymous && !replayedAfter401 && this.#auth !== undefined) {
        replayedAfter401 = true;
        if (await this.#auth.onUnauthorized(req.signal)) {
          attempt--;
          continue;
        }
      }
      if (!outcome.retryable || attempt >= retries) throw this.#sanitise(error);
      const delay = backoffDelay(attempt + 1, this.#options.retry);
      this.#options.logger.debug?.(
        { path: req.path, attempt: attempt + 1, delayMs: delay, error: this.redact(error.message) },
        'proxmox-client: retrying GET',
      );
      try {
        await sleep(delay, req.signal);
      } catch {
        throw this.#aborted(req);
      }
    }
  }

  /** One pass over the endpoints, stopping at the first answer that is not a failover case. */
  async #round(req: TransportRequest): Promise<TransportResponse | AttemptFailure> {
    const node = targetNode(req.path);
    let releaseNode: Release | undefined;
    if (node !== undefined) {
      try {
        releaseNode = await this.#nodeLimits.get(node).acquire(req.signal);
      } catch {
        throw this.#aborted(req, node);
      }
    }
    const spread = this.#options.concurrency.spread && node !== undefined;
    const first = spread ? this.#spreadChoice(node) : this.#preferred;
    if (spread) this.#routed[first] = (this.#routed[first] ?? 0) + 1;
    try {
      let last: AttemptFailure | undefined;
      for (const index of this.#endpointOrder(first)) {
        const state = this.#states[index] as EndpointState;
        const outcome = await this.#attempt(req, state, node);
        if (!('error' in outcome)) {
          // A spread request answered elsewhere says nothing about which endpoint to prefer.
          this.#markHealthy(index, !spread);
          return outcome;
        }
        last = outcome;
        if (!outcome.failover) return outcome;
        this.#markFailed(index, outcome.error);
        // A POST whose request may have reached the server is not sent again elsewhere.
        if (req.method !== 'GET' && outcome.error.code === 'TIMEOUT') return outcome;
      }
      return last as AttemptFailure;
    } finally {
      if (spread) this.#routed[first] = (this.#routed[first] ?? 1) - 1;
      releaseNode?.();
    }
  }

  /**
   * Spread mode: the node's own endpoint when known and not cooling down, else the ready endpoint
   * with the fewest requests routed to it (ties rotate, so a burst does not pile onto one).
   */
  #spreadChoice(node: string): number {
    const now = Date.now();
    const ready = (i: number): boolean => (this.#states[i] as EndpointState).cooldownUntil <= now;
    const home = this.#nodeHome.get(node);
    if (home !== undefined && ready(home)) return home;
    const n = this.#states.length;
    const start = this.#cursor++ % n;
    let best = -1;
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      if (!ready(i)) continue;
      if (best === -1 || (this.#routed[i] ?? 0) < (this.#routed[best] ?? 0)) best = i;
    }
    return best === -1 ? this.#preferred : best;
  }

  /** `first`, then the preferred endpoint, then the others in configured order; cooling-down ones last. */
  #endpointOrder(first: number): number[] {
    const now = Date.now();
    const order = [first];
    if (first !== this.#preferred) order.push(this.#preferred);
    for (let i = 0; i < this.#states.length; i++)
      if (i !== first && i !== this.#preferred) order.push(i);
    const ready = order.filter((i) => (this.#states[i] as EndpointState).cooldownUntil <= now);
    const cooling = order.filter((i) => (this.#states[i] as EndpointState).cooldownUntil > now);
    return [...ready, ...cooling];
  }

  #markHealthy(index: number, adopt: boolean): void {
    const state = this.#states[index] as EndpointState;
    state.consecutiveFailures = 0;
    state.cooldownUntil = 0;
    if (adopt && this.#preferred !== index) {
      this.#options.logger.info?.(
        { endpoint: state.endpoint.url },
        'proxmox-client: switched to endpoint',
      );
      this.#preferred = index;
    }
  }

  #markFailed(index: number, error: ProxmoxError): void {
    const state = this.#states[index] as EndpointState;
    state.consecutiveFailures++;
    state.cooldownUntil = Date.now() + this.#options.failover.cooldownMs;
    state.lastError = this.redact(error.message);
    if (this.#states.length > 1) {
      this.#options.logger.warn(
        { endpoint: state.endpoint.url, error: state.lastError },
        'proxmox-client: endpoint failed, trying the next one',
      );
    }
  }

  async #attempt(
    req: TransportRequest,
    state: EndpointState,
    node: string | undefined,
  ): Promise<TransportResponse | AttemptFailure> {
    const { endpoint } = state;
    const timeouts = this.#options.timeouts;
    const budget = req.timeoutMs ?? (req.kind === 'agent' ? timeouts.agentMs : timeouts.requestMs);
    // Auth first: a ticket login needs an endpoint slot itself, so taking it while holding
    // one could deadlock when every slot waits for the login.
    const authHeaders =
      req.anonymous || this.#auth === undefined
        ? {}
        : await this.#auth.headers(req.method, req.signal);
    let release: Release;
    try {
      release = await this.#endpointLimits.get(endpoint.url).acquire(req.signal);
    } catch {
      throw this.#aborted(req, node, endpoint.url);
    }
    // One controller and timer per attempt: cheaper than AbortSignal.timeout + AbortSignal.any
    // (measurable at 10,000 calls per refresh); the caller's signal gets one listener however
    // many requests share it (abort-fan-out.ts).
    const controller = new AbortController();
    const timer = { aborted: false };
    const timeout = setTimeout(() => {
      timer.aborted = true;
      controller.abort(new DOMException(`timed out after ${budget} ms`, 'TimeoutError'));
    }, budget);
    timeout.unref(); // like AbortSignal.timeout: the socket, not the timer, keeps the process up
    const abort = (): void => controller.abort(req.signal?.reason);
    const detach = req.signal === undefined ? undefined : onAbort(req.signal, abort);
    const signal = controller.signal;
    const details: ProxmoxErrorDetails = {
      path: req.path,
      endpoint: endpoint.url,
      ...(node === undefined ? {} : { node }),
    };
    try {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': this.#options.userAgent,
        ...authHeaders,
      };
      let body: string | undefined;
      if (req.form !== undefined) {
        body = new URLSearchParams(req.form).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }
      const headersTimeout =
        req.kind === 'agent' ? Math.max(timeouts.headersMs, budget) : timeouts.headersMs;
      const response = await this.#dispatcher.request({
        origin: endpoint.origin,
        path: `${endpoint.basePath}/api2/json${req.path}${buildQuery(req.query)}`,
        method: req.method,
        headers,
        body,
        signal,
        headersTimeout,
        bodyTimeout: timeouts.bodyMs,
      } satisfies Dispatcher.RequestOptions);
      const text = await response.body.text();
      return this.#interpret(req, response.statusCode, response.statusText ?? '', text, details);
    } catch (error) {
      return this.#classifyThrown(error, req, details, budget, timer);
    } finally {
      clearTimeout(timeout);
      detach?.();
      release();
    }
  }

  #interpret(
    req: TransportRequest,
    status: number,
    statusText: string,
    text: string,
    details: ProxmoxErrorDetails,
  ): TransportResponse | AttemptFailure {
    let body: unknown;
    let parseFailed = false;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        parseFailed = true;
      }
    }
    const endpoint = details.endpoint as string;
    if (status >= 200 && status < 300) {
      if (parseFailed || typeof body !== 'object' || body === null || !('data' in body)) {
        const what = parseFailed
          ? `malformed JSON (${text.length} bytes: ${JSON.stringify(text.slice(0, 80))}…)`
          : 'a body without the {"data": …} envelope';
        return {
          error: new ProxmoxInvalidResponseError(
            `Invalid response from ${req.method} ${req.path} via ${endpoint}: ${what}`,
            {
              ...details,
              status,
              statusText,
              issues: [{ field: parseFailed ? '(body)' : 'data', message: what }],
            },
          ),
          failover: false,
          retryable: false,
        };
      }
      return { data: (body as { data: unknown }).data, endpoint };
    }
    const error = errorFromResponse({
      method: req.method,
      status,
      statusText,
      body,
      path: req.path,
      endpoint,
      ...(details.node === undefined ? {} : { node: details.node }),
    });
    const proxyFailure = status === 502 || status === 503 || status === 504;
    // A 500 on a path the answering node handles itself (not proxied) is that node's failure
    // (e.g. pmxcfs trouble): another node may answer. A 500 on /nodes/{n}/… is the target's.
    const ownFailure = status === 500 && details.node === undefined;
    const nodeUnreachable = status === 595 || status === 596;
    return {
      error,
      failover: proxyFailure || ownFailure,
      retryable: proxyFailure || (nodeUnreachable && this.#options.retry.retryNodeUnreachable),
    };
  }

  #classifyThrown(
    error: unknown,
    req: TransportRequest,
    details: ProxmoxErrorDetails,
    budget: number,
    timer: { readonly aborted: boolean },
  ): AttemptFailure {
    if (req.signal?.aborted) throw this.#aborted(req, details.node, details.endpoint);
    const where = `${req.method} ${req.path} via ${details.endpoint}`;
    if (timer.aborted) {
      return this.#timeoutFailure(
        req,
        new ProxmoxTimeoutError(`Request timed out after ${budget} ms: ${where}`, {
          ...details,
          phase: 'request',
          timeoutMs: budget,
          cause: error,
        }),
      );
    }
    if (error instanceof ProxmoxTlsError) {
      return {
        error: new ProxmoxTlsError(`${error.message} (${where})`, {
          ...details,
          reason: error.reason,
          ...(error.fingerprint === undefined ? {} : { fingerprint: error.fingerprint }),
        }),
        failover: true,
        retryable: false,
      };
    }
    const code = errorCode(error);
    const message = error instanceof Error ? error.message : String(error);
    const timeoutPhase =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'connect'
        : code === 'UND_ERR_HEADERS_TIMEOUT'
          ? 'headers'
          : code === 'UND_ERR_BODY_TIMEOUT'
            ? 'body'
            : undefined;
    if (timeoutPhase !== undefined) {
      const timeouts = this.#options.timeouts;
      const timeoutMs =
        timeoutPhase === 'connect'
          ? timeouts.connectMs
          : timeoutPhase === 'headers'
            ? req.kind === 'agent'
              ? Math.max(timeouts.headersMs, budget)
              : timeouts.headersMs
            : timeouts.bodyMs;
      return this.#timeoutFailure(
        req,
        new ProxmoxTimeoutError(
          `Timed out waiting for ${timeoutPhase} (${timeoutMs} ms): ${where}`,
          {
            ...details,
            phase: timeoutPhase,
            timeoutMs,
            cause: error,
          },
        ),
      );
    }
    if (code !== undefined && (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))) {
      return {
        error: new ProxmoxTlsError(`TLS handshake failed: ${message} (${where})`, {
          ...details,
          reason: code,
          cause: error,
        }),
        failover: true,
        retryable: false,
      };
    }
    if (error instanceof ProxmoxError) {
      return { error, failover: false, retryable: false };
    }
    const network = code !== undefined && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'));
    return {
      error: new ProxmoxConnectionError(
        `Connection failed: ${code ?? 'error'} ${message} (${where})`,
        { ...details, cause: error },
      ),
      failover: true,
      retryable: network || code === undefined,
    };
  }

  /**
   * A connect timeout, or a timeout on a path the answering node serves itself, points at that
   * node: fail over and retry. On a proxied `/nodes/{node}/…` call the slow party is usually the target node (or its
   * guest agent), which every endpoint would proxy to alike: no failover, and no retry for
   * guest-agent calls, whose budget is already long.
   */
  #timeoutFailure(req: TransportRequest, error: ProxmoxTimeoutError): AttemptFailure {
    // Connecting is always about the endpoint itself.
    if (error.phase === 'connect') return { error, failover: true, retryable: true };
    const proxied = error.node !== undefined;
    return { error, failover: !proxied, retryable: req.kind !== 'agent' };
  }

  #aborted(req: TransportRequest, node?: string, endpoint?: string): ProxmoxAbortError {
    return new ProxmoxAbortError(`Request aborted: ${req.method} ${req.path}`, {
      path: req.path,
      ...(node === undefined ? {} : { node }),
      ...(endpoint === undefined ? {} : { endpoint }),
      cause: req.signal?.reason,
    });
  }

  /** Last line of defence: no secret leaves in a message. */
  #sanitise(error: unknown): unknown {
    if (error instanceof Error) {
      const redacted = this.redact(error.message);
      if (redacted !== error.message) error.message = redacted;
      if (error.stack !== undefined) error.stack = this.redact(error.stack);
    }
    return error;
  }
}
