// PVE-style tickets: `PVE:<userid>:<HEXTIME>::<signature>` and CSRF tokens `<HEXTIME>:<sig>`.
// Signatures are HMACs with a key derived from the seed; lifetime is configurable for tests.
import { createHmac } from 'node:crypto';

export interface IssuedTicket {
  ticket: string;
  csrf: string;
}

export class TicketAuthority {
  private readonly issuedAt = new Map<string, number>();

  constructor(
    private readonly key: string,
    private readonly lifetimeMs: () => number,
    private readonly nowMs: () => number,
  ) {}

  private sign(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64');
  }

  issue(userid: string): IssuedTicket {
    const now = this.nowMs();
    const hexTime = Math.floor(now / 1000)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
    const plain = `PVE:${userid}:${hexTime}`;
    const ticket = `${plain}::${this.sign(plain)}`;
    this.issuedAt.set(ticket, now);
    const csrf = `${hexTime}:${this.sign(`csrf:${userid}:${hexTime}`).slice(0, 43)}`;
    return { ticket, csrf };
  }

  /** The ticket's user if the signature is valid and the ticket is not expired. */
  verify(ticket: string): string | undefined {
    const m = /^PVE:([^:]+):([0-9A-F]{8})::(.+)$/.exec(ticket);
    if (!m || m[1] === undefined || m[2] === undefined) return undefined;
    if (this.sign(`PVE:${m[1]}:${m[2]}`) !== m[3]) return undefined;
    const issued = this.issuedAt.get(ticket) ?? parseInt(m[2], 16) * 1000;
    if (this.nowMs() - issued >= this.lifetimeMs()) return undefined;
    return m[1];
  }

  verifyCsrf(userid: string, csrf: string): boolean {
    const hexTime = csrf.split(':')[0] ?? '';
    return csrf === `${hexTime}:${this.sign(`csrf:${userid}:${hexTime}`).slice(0, 43)}`;
  }
}
