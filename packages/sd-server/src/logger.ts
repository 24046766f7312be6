import { pino, type DestinationStream, type Logger } from 'pino';
import { scrub } from './discovery/errors.js';

/**
 * The process logger. Authorization headers and secret-bearing config keys are redacted, and a
 * final formatter scrubs any known secret value from every line's message (defence in depth).
 */
export function createLogger(
  level: string,
  secrets: readonly string[],
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          '*.tokenSecret',
          '*.bearerToken',
          'tokenSecret',
          'bearerToken',
          'secret',
        ],
        censor: '[REDACTED]',
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrub(a, secrets) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
