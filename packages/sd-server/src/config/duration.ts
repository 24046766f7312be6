import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** A duration in seconds, written as a number of seconds or as `500ms`, `30s`, `10m`, `1h`. */
const MESSAGE = 'expected a duration like 30s, 10m or 1h, or a number of seconds';

export const duration = z.union(
  [
    z.number().positive(),
    z
      .string()
      .regex(/^\d+(\.\d+)?(ms|s|m|h)$/, MESSAGE)
      .transform((s) => {
        const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s);
        return Number(m?.[1]) * (UNITS[m?.[2] ?? 's'] ?? 1);
      }),
  ],
  { error: MESSAGE },
);
