/** A Prometheus duration as rule files accept it, e.g. `30s`, `5m`, `1h`, `1h30m`. */
export type Duration = `${number}${'ms' | 's' | 'm' | 'h' | 'd' | 'w'}${string}`;

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
};
const DURATION_RE = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART_RE = /(\d+)(ms|s|m|h|d|w)/g;

export function isDuration(text: string): text is Duration {
  return DURATION_RE.test(text);
}

/** Seconds in a Prometheus duration; throws a clear error for anything else. */
export function durationSeconds(text: string): number {
  if (!isDuration(text)) {
    throw new Error(`"${text}" is not a Prometheus duration (use e.g. 30s, 5m, 1h30m)`);
  }
  let total = 0;
  for (const [, n, unit] of text.matchAll(PART_RE)) total += Number(n) * (UNIT_SECONDS[unit!] ?? 0);
  return total;
}

/** Shortest Prometheus duration for a whole number of seconds (`90` → `1m30s`). */
export function formatDuration(seconds: number): Duration {
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`invalid duration ${seconds}s`);
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out as Duration;
}
