import { describe, expect, it } from 'vitest';
import {
  ProxmoxAuthenticationError,
  ProxmoxGuestAgentError,
  ProxmoxHttpError,
  ProxmoxNodeUnreachableError,
  ProxmoxNotFoundError,
  ProxmoxPermissionError,
  isProxmoxError,
} from './errors.js';
import {
  errorFromResponse,
  guestAgentReason,
  parsePermissionMessage,
  targetNode,
} from './response-errors.js';

const base = {
  method: 'GET',
  path: '/nodes/pve2/qemu/100/agent/network-get-interfaces',
  endpoint: 'https://pve1:8006',
  node: 'pve2',
  body: { data: null },
};

describe('errorFromResponse', () => {
  it('prefers the JSON message (PVE ≥ 8.3) over the reason phrase', () => {
    const e = errorFromResponse({
      ...base,
      status: 500,
      statusText: 'Internal',
      body: { data: null, message: 'QEMU guest agent is not running\n' },
    });
    expect(e).toBeInstanceOf(ProxmoxGuestAgentError);
    expect((e as ProxmoxGuestAgentError).reason).toBe('agent-not-running');
  });
  it('falls back to the reason phrase (older PVE)', () => {
    const e = errorFromResponse({
      ...base,
      status: 500,
      statusText: 'No QEMU guest agent configured',
    });
    expect((e as ProxmoxGuestAgentError).reason).toBe('not-configured');
    const stopped = errorFromResponse({
      ...base,
      status: 500,
      statusText: 'VM 100 is not running',
    });
    expect((stopped as ProxmoxGuestAgentError).reason).toBe('vm-not-running');
  });
  it('maps 401, 403 (with path + privilege), 404/501, 595/596', () => {
    expect(
      errorFromResponse({ ...base, status: 401, statusText: 'invalid token value!' }),
    ).toBeInstanceOf(ProxmoxAuthenticationError);
    const denied = errorFromResponse({
      ...base,
      status: 403,
      statusText: 'Permission check failed (/vms/100, VM.Audit)',
    });
    expect(denied).toBeInstanceOf(ProxmoxPermissionError);
    expect(denied).toMatchObject({
      permissionPath: '/vms/100',
      privilege: 'VM.Audit',
      status: 403,
    });
    expect(denied.message).toMatch(/grant VM.Audit on \/vms\/100/);
    expect(
      errorFromResponse({
        ...base,
        status: 501,
        statusText: "Method 'GET /nodes/x/foo' not implemented",
      }),
    ).toBeInstanceOf(ProxmoxNotFoundError);
    const down = errorFromResponse({
      ...base,
      status: 595,
      statusText: 'Errors during connection establishment, proxy handshake: No route to host',
    });
    expect(down).toBeInstanceOf(ProxmoxNodeUnreachableError);
    expect(down.node).toBe('pve2');
    expect(isProxmoxError(down, 'NODE_UNREACHABLE')).toBe(true);
  });
  it('keeps 400 parameter errors', () => {
    const e = errorFromResponse({
      ...base,
      status: 400,
      statusText: 'Parameter verification failed.',
      body: { data: null, errors: { type: 'value x not in enum' } },
    });
    expect(e).toBeInstanceOf(ProxmoxHttpError);
    expect((e as ProxmoxHttpError).errors).toEqual({ type: 'value x not in enum' });
    expect(e.message).toContain('type: value x not in enum');
  });
  it('does not call a 500 outside /agent/ an agent error', () => {
    const e = errorFromResponse({
      ...base,
      path: '/nodes/pve2/qemu/100/status/current',
      status: 500,
      statusText: 'VM 100 is not running',
    });
    expect(e).toBeInstanceOf(ProxmoxHttpError);
  });
});

describe('helpers', () => {
  it('parse permission messages, agent reasons and target nodes', () => {
    expect(parsePermissionMessage('Permission check failed (/, Sys.Audit)')).toEqual({
      permissionPath: '/',
      privilege: 'Sys.Audit',
    });
    expect(parsePermissionMessage('nope')).toBeUndefined();
    expect(guestAgentReason('something else')).toBeUndefined();
    expect(targetNode('/nodes/pve%201/qemu')).toBe('pve 1');
    expect(targetNode('/cluster/resources')).toBeUndefined();
  });
});
