// Auth providers. Tokens: a static header, no CSRF, nothing to renew. Tickets: POST
// /access/ticket, cookie `PVEAuthCookie`, `CSRFPreventionToken` on writes, renewal (by POSTing the
// current ticket as the password) before the 2 h lifetime ends, and one re-login on a 401.
import {
  ProxmoxAbortError,
  ProxmoxAuthenticationError,
  ProxmoxInvalidResponseError,
} from './errors.js';
import type { ResolvedOptions } from './options.js';
import { ticketSchema } from './schemas.js';
import type { AuthProvider, HttpMethod, Transport } from './transport.js';
import type { TicketAuthOptions, TokenAuthOptions } from './types.js';

export class TokenAuth implements AuthProvider {
  readonly #header: string;
  readonly #secret: string;

  constructor(options: TokenAuthOptions) {
    this.#header = `PVEAPIToken=${options.tokenId}=${options.secret}`;
    this.#secret = options.secret;
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: this.#header };
  }

  /** A rejected token stays rejected (and PVE delays every failure by 3 s): never replay. */
  async onUnauthorized(): Promise<boolean> {
    return false;
  }

  secrets(): string[] {
    return [this.#secret];
  }
}

interface Ticket {
  ticket: string;
  csrf?: string;
  obtainedAt: number;
}

/** PVE ticket lifetime (`$ticket_lifetime = 3600 * 2`, pve-access-control AccessControl.pm). */
const TICKET_LIFETIME_MS = 2 * 3600 * 1000;

export class TicketAuth implements AuthProvider {
  readonly #options: TicketAuthOptions & { renewAfterMs: number };
  readonly #transport: Transport;
  #ticket?: Ticket;
  #pending?: Promise<Ticket>;
  /** Every ticket issued so far in this process stays secret, even after renewal. */
  readonly #issued: string[] = [];

  constructor(options: ResolvedOptions['auth'] & { type: 'ticket' }, transport: Transport) {
    this.#options = options;
    this.#transport = transport;
  }

  async headers(method: HttpMethod, signal?: AbortSignal): Promise<Record<string, string>> {
    const ticket = await this.#current(signal);
    const headers: Record<string, string> = {
      cookie: `PVEAuthCookie=${encodeURIComponent(ticket.ticket)}`,
    };
    if (method !== 'GET' && ticket.csrf !== undefined) headers.csrfpreventiontoken = ticket.csrf;
    return headers;
  }

  async onUnauthorized(signal?: AbortSignal): Promise<boolean> {
    // The ticket was rejected (expired, keys rotated, server restarted): log in from scratch.
    this.#ticket = undefined;
    await this.#refresh(false, signal);
    return true;
  }

  secrets(): string[] {
    const secrets = [this.#options.password, ...this.#issued];
    if (this.#ticket?.csrf !== undefined) secrets.push(this.#ticket.csrf);
    return secrets;
  }

  /** When the current ticket was obtained (epoch ms), for health reporting and tests. */
  get ticketObtainedAt(): number | undefined {
    return this.#ticket?.obtainedAt;
  }

  async #current(signal?: AbortSignal): Promise<Ticket> {
    const ticket = this.#ticket;
    if (ticket !== undefined && Date.now() - ticket.obtainedAt < this.#options.renewAfterMs) {
      return ticket;
    }
    return this.#refresh(ticket !== undefined, signal);
  }

  /**
   * Single-flight: concurrent callers share one login/renewal, which therefore runs without any
   * one caller's signal; each caller still stops waiting when its own signal aborts.
   */
  #refresh(renew: boolean, signal?: AbortSignal): Promise<Ticket> {
    this.#pending ??= this.#obtain(renew).finally(() => {
      this.#pending = undefined;
    });
    return abortable(this.#pending, signal);
  }

  async #obtain(renew: boolean): Promise<Ticket> {
    const old = this.#ticket;
    if (renew && old !== undefined && Date.now() - old.obtainedAt < TICKET_LIFETIME_MS - 60_000) {
      try {
        return this.#store(await this.#login(old.ticket));
      } catch (error) {
        if (!(error instanceof ProxmoxAuthenticationError)) throw error;
        // Renewal refused: fall through to a password login.
      }
    }
    return this.#store(await this.#login(this.#options.password));
  }

  #store(ticket: Ticket): Ticket {
    this.#ticket = ticket;
    this.#issued.push(ticket.ticket);
    if (this.#issued.length > 16) this.#issued.shift();
    return ticket;
  }

  async #login(password: string): Promise<Ticket> {
    const { data, endpoint } = await this.#transport.request({
      method: 'POST',
      path: '/access/ticket',
      form: { username: this.#options.username, password },
      anonymous: true,
    });
    const parsed = ticketSchema.safeParse(data);
    if (!parsed.success) {
      throw new ProxmoxInvalidResponseError(
        `Invalid response from POST /access/ticket via ${endpoint}: no ticket in data`,
        {
          path: '/access/ticket',
          endpoint,
          issues: parsed.error.issues.map((i) => ({
            field: i.path.join('.') || '(data)',
            message: i.message,
          })),
        },
      );
    }
    return {
      ticket: parsed.data.ticket,
      ...(parsed.data.CSRFPreventionToken === undefined
        ? {}
        : { csrf: parsed.data.CSRFPreventionToken }),
      obtainedAt: Date.now(),
    };
  }
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return promise;
  const aborted = () =>
    new ProxmoxAbortError('Request aborted while logging in', {
      path: '/access/ticket',
      cause: signal.reason,
    });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
