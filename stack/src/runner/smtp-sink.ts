import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly receivedAt: number;
  readonly body: string;
}

export interface SmtpSink {
  readonly port: number;
  readonly mails: readonly ReceivedMail[];
  close(): Promise<void>;
}

const MAX_KEPT = 200;

/**
 * A local SMTP server that accepts every message (no TLS, no auth) and keeps it in memory:
 * the email fallback's destination in the native demo and in tests.
 */
export function startSmtpSink(
  options: { host?: string; port?: number; onMail?: (mail: ReceivedMail) => void } = {},
): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, session, callback) {
      let body = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (body += chunk));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: /^Subject: (.*)$/m.exec(body)?.[1]?.trim() ?? '',
          receivedAt: Date.now(),
          body,
        };
        mails.push(mail);
        if (mails.length > MAX_KEPT) mails.shift();
        options.onMail?.(mail);
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const port = (server.server.address() as AddressInfo).port;
      resolve({
        port,
        mails,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
