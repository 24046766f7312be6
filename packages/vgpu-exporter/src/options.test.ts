import { describe, expect, it } from 'vitest';
import { integerAtLeast, parseListen } from './options.js';

describe('parseListen', () => {
  it.each([
    ['0.0.0.0:9836', { host: '0.0.0.0', port: 9836 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:9836', { host: '::1', port: 9836 }],
    [':9836', { host: '0.0.0.0', port: 9836 }],
    ['9836', { host: '0.0.0.0', port: 9836 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
  ])('%s', (value, expected) => {
    expect(parseListen(value)).toEqual(expected);
  });

  it.each(['nonsense', 'host:99999', 'host:', '::1:9836'])('rejects %s', (value) => {
    expect(() => parseListen(value)).toThrow(/expected host:port/);
  });
});

describe('integerAtLeast', () => {
  it('accepts whole numbers from the bound and names the rule otherwise', () => {
    expect(integerAtLeast(1)('250')).toBe(250);
    for (const bad of ['0', '-5', '1.5', 'soon', '']) {
      expect(() => integerAtLeast(1)(bad)).toThrow(/whole number ≥ 1/);
    }
  });
});
