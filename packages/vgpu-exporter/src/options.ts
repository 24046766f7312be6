import { InvalidArgumentError } from 'commander';
import { hostname } from 'node:os';

/** `--listen` value: `host:port`, `[v6]:port`, `:port` or `port`. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export const DEFAULT_PORT = 9836;

export function parseListen(value: string): ListenAddress {
  const text = value.trim();
  const match = /^\d+$/.test(text)
    ? ['', '', text]
    : (/^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:[\]]*):(\d+)$/.exec(text));
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(
      'expected host:port, [ipv6]:port, :port or port with a port of 0-65535 (e.g. 0.0.0.0:9836)',
    );
  }
  return { host: match[1] || '0.0.0.0', port };
}

/** Commander parser for integer options with a lower bound. */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    }
    return n;
  };
}

/** PVE node names are the short host name. */
export function defaultNodeName(): string {
  return hostname().split('.')[0] ?? 'localhost';
}
