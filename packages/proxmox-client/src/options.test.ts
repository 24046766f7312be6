import { describe, expect, it } from 'vitest';
import { ProxmoxOptionsError } from './errors.js';
import {
  formatFingerprint,
  normaliseFingerprint,
  resolveEndpoint,
  resolveOptions,
} from './options.js';
import type { ProxmoxClientOptions } from './types.js';

const SECRET = '5f2c1a9e-1111-4222-8333-944455556666';
const token = { type: 'token' as const, tokenId: 'monitor@pve!sd', secret: SECRET };

function optionsError(options: unknown): ProxmoxOptionsError {
  try {
    resolveOptions(options as ProxmoxClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ProxmoxOptionsError);
    return error as ProxmoxOptionsError;
  }
  throw new Error('expected a ProxmoxOptionsError');
}

describe('resolveEndpoint', () => {
  it('defaults to https and port 8006 (not 443)', () => {
    expect(resolveEndpoint('pve1.example')).toMatchObject({ url: 'https://pve1.example:8006' });
    expect(resolveEndpoint('https://pve1.example')).toMatchObject({
      url: 'https://pve1.example:8006',
    });
    expect(resolveEndpoint('pve1.example:8443')).toMatchObject({
      url: 'https://pve1.example:8443',
    });
    expect(resolveEndpoint('https://pve1.example:443/')).toMatchObject({
      url: 'https://pve1.example:443',
    });
    expect(resolveEndpoint('https://[::1]/api2/json')).toMatchObject({
      url: 'https://[::1]:8006',
      basePath: '',
    });
    expect(resolveEndpoint('https://proxy.example/pve/')).toMatchObject({
      origin: 'https://proxy.example:8006',
      basePath: '/pve',
    });
  });
  it('explains what is wrong', () => {
    expect(resolveEndpoint('http://pve1')).toMatch(/only speaks https/);
    expect(resolveEndpoint('')).toMatch(/empty/);
    expect(resolveEndpoint('https://user:pw@pve1')).toMatch(/credentials/);
  });
});

describe('fingerprints', () => {
  it('accepts any case and separators', () => {
    const fp =
      '80:D4:F2:DF:64:95:CD:8D:A0:82:82:AC:48:BA:C0:7A:1B:6B:87:8B:FE:B9:83:1C:95:4E:79:58:77:99:69:F5';
    expect(normaliseFingerprint(fp.toLowerCase())).toBe(fp.replace(/:/g, ''));
    expect(normaliseFingerprint(fp.replace(/:/g, ''))).toBe(fp.replace(/:/g, ''));
    expect(formatFingerprint(fp.replace(/:/g, '').toLowerCase())).toBe(fp);
    expect(normaliseFingerprint('AA:BB')).toBeUndefined();
  });
});

describe('resolveOptions', () => {
  it('fills defaults (3 per endpoint and per node, retries 2, agent budget ≥ 10 s)', () => {
    const o = resolveOptions({ endpoints: ['pve1', 'pve2', 'pve1'], auth: token });
    expect(o.endpoints.map((e) => e.url)).toEqual(['https://pve1:8006', 'https://pve2:8006']);
    expect(o.concurrency).toEqual({ perEndpoint: 3, perNode: 3, spread: false });
    expect(o.retry.retries).toBe(2);
    expect(o.timeouts.agentMs).toBeGreaterThanOrEqual(10_000);
    expect(o.tls).toMatchObject({ insecure: false, verifyHostname: true, fingerprints: [] });
  });

  it.each([
    [{ endpoints: [], auth: token }, 'endpoints', /at least one/],
    [{ endpoints: ['http://x'], auth: token }, 'endpoints[0]', /https/],
    [
      { endpoints: 'pve1', auth: { type: 'token', tokenId: 'monitor@pve', secret: SECRET } },
      'auth.tokenId',
      /USER@REALM!TOKENID/,
    ],
    [
      { endpoints: 'pve1', auth: { type: 'token', tokenId: 'monitor@pve!sd', secret: '' } },
      'auth.secret',
      /token secret/,
    ],
    [{ endpoints: 'pve1', auth: { type: 'password' } }, 'auth.type', /type: "token"/],
    [
      { endpoints: 'pve1', auth: { type: 'ticket', username: 'root', password: 'x' } },
      'auth.username',
      /USER@REALM/,
    ],
    [
      { endpoints: 'pve1', auth: token, tls: { fingerprints: ['AA:BB'] } },
      'tls.fingerprints[0]',
      /SHA-256/,
    ],
    [
      { endpoints: 'pve1', auth: token, tls: { insecure: true, fingerprints: [], ca: 'x' } },
      'tls.insecure',
      /cannot be combined/,
    ],
    [
      { endpoints: 'pve1', auth: token, concurrency: { perNode: 0 } },
      'concurrency.perNode',
      /greater than 0/,
    ],
    [
      { endpoints: 'pve1', auth: token, timeouts: { connectMs: 'soon' } },
      'timeouts.connectMs',
      /number/,
    ],
    [{ endpoints: 'pve1', auth: token, logger: {} }, 'logger', /warn/],
  ])('rejects %j naming %s', (options, field, message) => {
    const error = optionsError(options);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`"${field}"`);
    expect(error.message).toMatch(message);
    expect(error.code).toBe('OPTIONS');
  });

  it('never echoes a secret, even when pasted into tokenId', () => {
    const error = optionsError({
      endpoints: 'pve1',
      auth: { type: 'token', tokenId: `monitor@pve!sd=${SECRET}`, secret: SECRET },
    });
    expect(error.field).toBe('auth.tokenId');
    expect(error.message).toMatch(/auth\.secret/);
    expect(error.message).not.toContain(SECRET);
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('never echoes a password', () => {
    const error = optionsError({
      endpoints: 'pve1',
      auth: { type: 'ticket', username: 'mon@pve', password: 4242 },
    });
    expect(error.field).toBe('auth.password');
    expect(error.message).not.toContain('4242');
  });
});
