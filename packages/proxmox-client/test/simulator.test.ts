// Error paths, TLS modes, failover, retries, auth and aborts against the real PVE simulator.
import type { Simulator } from '@pvemon/pve-simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ProxmoxAbortError,
  ProxmoxAuthenticationError,
  ProxmoxClient,
  ProxmoxGuestAgentError,
  ProxmoxInvalidResponseError,
  ProxmoxNodeUnreachableError,
  ProxmoxNotFoundError,
  ProxmoxPermissionError,
  ProxmoxTlsError,
  isProxmoxError,
} from '../src/index.js';
import { TicketAuth } from '../src/auth.js';
import { resolveOptions } from '../src/options.js';
import { Transport } from '../src/transport.js';
import { closeAll, recordingLogger, simClient, startSim } from './sim.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSim();
});
afterEach(async () => {
  sim.control.clearFaults();
  sim.control.resetCounts();
  for (const n of sim.nodes) sim.control.setNodeOnline(n.name, true);
  for (const e of sim.endpoints) if (!e.up) await sim.control.endpointUp(e.node);
  await closeAll();
});
afterAll(async () => {
  await sim.close();
});

const colonless = (fp: string) => fp.replace(/:/g, '').toLowerCase();

describe('TLS', () => {
  it('trusts the cluster CA (pve-root-ca.pem)', async () => {
    await expect(simClient(sim).version()).resolves.toMatchObject({ major: 9 });
  });

  it('without CA or pin: ProxmoxTlsError carrying the presented fingerprint', async () => {
    const client = simClient(sim, { endpoints: [sim.url], tls: {} });
    const error = (await client.version().catch((e: unknown) => e)) as ProxmoxTlsError;
    expect(error).toBeInstanceOf(ProxmoxTlsError);
    expect(error.fingerprint).toBe(sim.fingerprint);
    expect(error.message).toContain(sim.fingerprint);
    expect(error.message).toMatch(/tls\.ca|tls\.fingerprints/);
    expect(error.endpoint).toBe(sim.url);
  });

  it('pinning the leaf (any case, no colons) works without the CA', async () => {
    const client = simClient(sim, {
      endpoints: [sim.url],
      tls: { fingerprints: ['00'.repeat(32), colonless(sim.fingerprint)] },
    });
    await expect(client.version()).resolves.toMatchObject({ major: 9 });
  });

  it('pin mismatch: FINGERPRINT_MISMATCH naming the presented fingerprint, no request sent', async () => {
    const other = sim.fingerprints.pve2 as string;
    const client = simClient(sim, { endpoints: [sim.url], tls: { fingerprints: [other] } });
    const error = (await client.version().catch((e: unknown) => e)) as ProxmoxTlsError;
    expect(error).toBeInstanceOf(ProxmoxTlsError);
    expect(error.reason).toBe('FINGERPRINT_MISMATCH');
    expect(error.fingerprint).toBe(sim.fingerprint);
    expect(error.message).toContain(sim.fingerprint);
    expect(error.message).not.toContain(sim.tokens.admin.secret);
    expect(sim.control.requestCounts().total).toBe(0);
  });

  it('pins from /nodes ssl_fingerprint (trust on first use) cover every endpoint', async () => {
    const nodes = await simClient(sim).nodes();
    const pins = nodes.map((n) => n.sslFingerprint as string);
    expect(pins.sort()).toEqual(Object.values(sim.fingerprints).sort());
    const pinned = simClient(sim, { tls: { fingerprints: pins } });
    sim.control.addError({ status: 503, endpoint: 'pve1' });
    await expect(pinned.version()).resolves.toBeDefined();
  });

  it('insecure: works without CA and logs a warning through the injected logger', async () => {
    const logger = recordingLogger();
    const client = simClient(sim, { endpoints: [sim.url], tls: { insecure: true }, logger });
    await expect(client.version()).resolves.toBeDefined();
    expect(logger.lines.join('\n')).toMatch(/TLS verification is DISABLED/);
  });
});

describe('TLS certificate rotation', () => {
  let rotated: Simulator;
  beforeAll(async () => {
    rotated = await startSim({ nodes: 1, guests: 2 });
  });
  afterAll(async () => {
    await rotated.close();
  });

  it('a rotated leaf fails the old pin (new fingerprint in the message) but passes CA trust', async () => {
    const oldPin = rotated.fingerprint;
    const fresh = rotated.control.rotateCertificate('pve1').pve1 as string;
    expect(fresh).not.toBe(oldPin);
    const pinned = simClient(rotated, { tls: { fingerprints: [oldPin] } });
    const error = (await pinned.version().catch((e: unknown) => e)) as ProxmoxTlsError;
    expect(error).toBeInstanceOf(ProxmoxTlsError);
    expect(error.message).toContain(fresh);
    await expect(simClient(rotated).version()).resolves.toBeDefined();
    await expect(
      simClient(rotated, { tls: { fingerprints: [oldPin, fresh] } }).version(),
    ).resolves.toBeDefined();
  });
});

describe('endpoint failover', () => {
  it('an endpoint that refuses connections is skipped and the healthy one remembered', async () => {
    await sim.control.endpointDown('pve1');
    const client = simClient(sim, { failover: { cooldownMs: 60_000 } });
    await expect(client.version()).resolves.toBeDefined();
    const health = client.health();
    expect(health[0]).toMatchObject({ healthy: false, preferred: false, consecutiveFailures: 1 });
    expect(health[0]?.lastError).toMatch(/ECONNREFUSED/);
    expect(health[1]).toMatchObject({ healthy: true, preferred: true });
    for (let i = 0; i < 4; i++) await client.version();
    expect(sim.control.requestCounts().byEndpoint).toEqual({ pve2: 5 });
    expect(client.health()[0]?.consecutiveFailures).toBe(1);
  });

  it('5xx from the answering proxy fails over; the failed endpoint is retried after cooldown', async () => {
    const id = sim.control.addError({ status: 503, endpoint: 'pve1' });
    const client = simClient(sim, { failover: { cooldownMs: 0 }, retry: false });
    await expect(client.clusterResources()).resolves.not.toHaveLength(0);
    expect(sim.control.requestCounts().byEndpoint).toEqual({ pve1: 1, pve2: 1 });
    // pve2 is preferred now; when it fails, recovered pve1 takes over.
    sim.control.removeFault(id);
    sim.control.addError({ status: 502, endpoint: 'pve2' });
    await client.clusterResources();
    expect(client.health().find((h) => h.preferred)?.endpoint).toBe(sim.endpoints[0]?.url);
  });

  it('a 500 from a /cluster call (the answering node itself) fails over too', async () => {
    sim.control.addError({
      status: 500,
      endpoint: 'pve1',
      message: 'cluster not ready - no quorum?',
    });
    await expect(simClient(sim).clusterStatus()).resolves.toMatchObject({ standalone: false });
  });

  it('595 (target node down) is typed, carries the node, and is neither failed over nor retried', async () => {
    sim.control.setNodeOnline('pve3', false);
    const client = simClient(sim);
    const error = (await client
      .qemuList('pve3')
      .catch((e: unknown) => e)) as ProxmoxNodeUnreachableError;
    expect(error).toBeInstanceOf(ProxmoxNodeUnreachableError);
    expect(error).toMatchObject({ status: 595, node: 'pve3', path: '/nodes/pve3/qemu' });
    expect(error.message).toMatch(/No route to host/); // reason phrase: 595 has an empty body
    expect(sim.control.requestCounts().total).toBe(1);
    expect(client.health().every((h) => h.healthy)).toBe(true);
  });

  it('596 for a name that is not a cluster node', async () => {
    const error = await simClient(sim)
      .qemuList('PVE1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NODE_UNREACHABLE', status: 596, node: 'PVE1' });
  });

  it('all endpoints down → ProxmoxConnectionError after the retries', async () => {
    for (const e of sim.endpoints) await sim.control.endpointDown(e.node);
    const error = await simClient(sim)
      .version()
      .catch((e: unknown) => e);
    expect(isProxmoxError(error, 'CONNECTION')).toBe(true);
  });
});

describe('retries', () => {
  it('GET is retried on 503 from the only endpoint', async () => {
    sim.control.addError({ status: 503, count: 2, path: '/version' });
    const client = simClient(sim, { endpoints: [sim.url] });
    await expect(client.version()).resolves.toBeDefined();
    expect(sim.control.requestCounts().byPath['/version']).toBe(3);
  });

  it('gives up after `retries` and reports the last status', async () => {
    sim.control.addError({ status: 503, path: '/version' });
    const client = simClient(sim, { endpoints: [sim.url], retry: { retries: 1, baseDelayMs: 1 } });
    await expect(client.version()).rejects.toMatchObject({ status: 503, code: 'HTTP' });
    expect(sim.control.requestCounts().byPath['/version']).toBe(2);
  });
});

describe('typed errors', () => {
  it('401 (revoked token): ProxmoxAuthenticationError, sent once, secret never in the error', async () => {
    sim.control.revokeToken(sim.tokens.auditor.id);
    const client = simClient(sim, { token: 'auditor' });
    const error = (await client.clusterResources().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ProxmoxAuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'AUTHENTICATION' });
    expect(sim.control.requestCounts().total).toBe(1);
    const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${String(error.cause)}`;
    expect(everything).not.toContain(sim.tokens.auditor.secret);
  });

  it('403 with path and privilege parsed (restricted token on /cluster/status)', async () => {
    const error = (await simClient(sim, { token: 'restricted' })
      .clusterStatus()
      .catch((e: unknown) => e)) as ProxmoxPermissionError;
    expect(error).toBeInstanceOf(ProxmoxPermissionError);
    expect(error).toMatchObject({ permissionPath: '/', privilege: 'Sys.Audit', status: 403 });
  });

  it('restricted tokens see fewer /cluster/resources rows, silently', async () => {
    const all = await simClient(sim).clusterResources({ type: 'vm' });
    const some = await simClient(sim, { token: 'restricted' }).clusterResources({ type: 'vm' });
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(all.length);
  });

  it('501 for an unknown path → ProxmoxNotFoundError', async () => {
    const error = await simClient(sim)
      .get('/nodes/pve1/no-such-thing')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxmoxNotFoundError);
  });

  it.each(['malformed', 'truncated'] as const)(
    '%s JSON body → ProxmoxInvalidResponseError',
    async (kind) => {
      sim.control.addBodyFault({ kind, path: '/cluster/resources' });
      const error = (await simClient(sim)
        .clusterResources()
        .catch((e: unknown) => e)) as ProxmoxInvalidResponseError;
      expect(error).toBeInstanceOf(ProxmoxInvalidResponseError);
      expect(error.path).toBe('/cluster/resources');
    },
  );

  describe('guest agent', () => {
    const qemu = () => sim.model.guests().filter((g) => g.type === 'qemu' && !g.template);
    it('interfaces from a running VM with a working agent', async () => {
      const g = qemu().find(
        (x) => x.status === 'running' && x.agentInstalled && /^(1|enabled=1)/.test(x.agent ?? ''),
      );
      expect(g).toBeDefined();
      const ifaces = await simClient(sim).qemuAgentInterfaces(g!.node, g!.vmid);
      expect(ifaces.flatMap((i) => i.addresses.map((a) => a.address))).toContain(g!.address);
    });

    it.each([
      ['not-configured', (g: ReturnType<typeof qemu>[number]) => g.agent === undefined],
      [
        'vm-not-running',
        (g: ReturnType<typeof qemu>[number]) => g.agent !== undefined && g.status === 'stopped',
      ],
    ] as const)('%s', async (reason, pick) => {
      const g = qemu().find(pick);
      expect(g).toBeDefined();
      const error = (await simClient(sim)
        .qemuAgentInterfaces(g!.node, g!.vmid)
        .catch((e: unknown) => e)) as ProxmoxGuestAgentError;
      expect(error).toBeInstanceOf(ProxmoxGuestAgentError);
      expect(error.reason).toBe(reason);
      expect(error.status).toBe(500);
    });

    it('agent-not-running (dead agent) and agent-error (HTTP 200 error object)', async () => {
      const g = qemu().find(
        (x) => x.status === 'running' && x.agent !== undefined && x.agentInstalled,
      )!;
      sim.control.setAgent(g.vmid, { state: 'dead' });
      const client = simClient(sim);
      await expect(client.qemuAgentInterfaces(g.node, g.vmid)).rejects.toMatchObject({
        reason: 'agent-not-running',
      });
      sim.control.setAgent(g.vmid, { state: 'unsupported' });
      const error = (await client
        .qemuAgentInterfaces(g.node, g.vmid)
        .catch((e: unknown) => e)) as ProxmoxGuestAgentError;
      expect(error).toMatchObject({
        reason: 'agent-error',
        agentErrorClass: 'Unsupported',
        status: 200,
      });
    });

    it('a slow agent within the agent budget succeeds although it exceeds requestMs', async () => {
      const g = qemu().find(
        (x) => x.status === 'running' && x.agentInstalled && /^(1|enabled=1)/.test(x.agent ?? ''),
      )!;
      sim.control.setAgent(g.vmid, { state: 'slow', delayMs: 400 });
      const client = simClient(sim, { timeouts: { requestMs: 200, agentMs: 3000 } });
      await expect(client.qemuAgentInterfaces(g.node, g.vmid)).resolves.not.toHaveLength(0);
    });
  });

  it('LXC interfaces (PVE 9 shape) and [] for a stopped container', async () => {
    const client = simClient(sim);
    const lxc = sim.model.guests().filter((g) => g.type === 'lxc' && !g.template);
    const running = lxc.find((g) => g.status === 'running')!;
    const ifaces = await client.lxcInterfaces(running.node, running.vmid);
    expect(ifaces.flatMap((i) => i.addresses.map((a) => a.address))).toContain(running.address);
    const stopped = lxc.find((g) => g.status === 'stopped');
    if (stopped)
      await expect(client.lxcInterfaces(stopped.node, stopped.vmid)).resolves.toEqual([]);
  });
});

describe('abort signals', () => {
  it('aborts a slow request with ProxmoxAbortError', async () => {
    sim.control.addLatency({ ms: 2000, path: '/cluster/resources' });
    const controller = new AbortController();
    const pending = simClient(sim).clusterResources({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(ProxmoxAbortError);
  });

  it('aborts inventory() as a whole', async () => {
    sim.control.addLatency({ ms: 300, path: '/nodes/*/qemu/*/config' });
    const controller = new AbortController();
    const pending = simClient(sim).inventory({ withConfig: true, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(ProxmoxAbortError);
  });
});

describe('methods', () => {
  it('permissions() of the auditor token', async () => {
    const perms = await simClient(sim, { token: 'auditor' }).permissions();
    expect(perms.paths['/']?.['VM.Audit']).toEqual({ propagate: true });
    expect(perms.paths['/']?.['VM.GuestAgent.Audit']).toBeDefined();
  });

  it('clusterResources filter by type', async () => {
    const client = simClient(sim);
    const nodes = await client.clusterResources({ type: 'node' });
    expect(nodes.every((r) => r.kind === 'node')).toBe(true);
    expect(sim.control.requestCounts().byPath['/cluster/resources']).toBe(1);
    await expect(client.clusterResources({ type: 'qemu' as 'vm' })).rejects.toMatchObject({
      code: 'OPTIONS',
      field: 'type',
    });
  });

  it('configs of every guest type parse and match the list', async () => {
    const client = simClient(sim);
    const list = await client.qemuList('pve1');
    const vm = list.find((g) => !g.template)!;
    const config = await client.qemuConfig('pve1', vm.vmid);
    expect(config).toMatchObject({ type: 'qemu', vmid: vm.vmid, node: 'pve1' });
    expect(config.digest).toMatch(/^[0-9a-f]{40}$/);
    const cts = await client.lxcList('pve1');
    if (cts[0])
      await expect(client.lxcConfig('pve1', cts[0].vmid)).resolves.toMatchObject({ type: 'lxc' });
  });
});

describe('PVE 7 / 8 flavours', () => {
  let pve7: Simulator;
  let pve8: Simulator;
  beforeAll(async () => {
    [pve7, pve8] = await Promise.all([
      startSim({ pveVersion: 7, nodes: 1 }),
      startSim({ pveVersion: 8, nodes: 1 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([pve7.close(), pve8.close()]);
  });

  it('PVE 7: string LXC vmids, integer memory, error text only in the reason phrase', async () => {
    const client = simClient(pve7);
    expect((await client.version()).version).toMatch(/^7\.\d+-\d+$/);
    const cts = await client.lxcList('pve1');
    expect(cts.every((c) => Number.isInteger(c.vmid))).toBe(true);
    const vm = pve7.model.guests().find((g) => g.type === 'qemu' && g.agent === undefined);
    if (vm) {
      await expect(client.qemuAgentInterfaces(vm.node, vm.vmid)).rejects.toMatchObject({
        reason: 'not-configured',
      });
    }
  });

  it('PVE 8: the PVEAuditor token lacks VM.Monitor for agent IPs; the agent token has it', async () => {
    const g = pve8.model
      .guests()
      .find(
        (x) =>
          x.type === 'qemu' &&
          x.status === 'running' &&
          x.agentInstalled &&
          /^(1|enabled=1)/.test(x.agent ?? ''),
      )!;
    const error = (await simClient(pve8, { token: 'auditor' })
      .qemuAgentInterfaces(g.node, g.vmid)
      .catch((e: unknown) => e)) as ProxmoxPermissionError;
    expect(error).toBeInstanceOf(ProxmoxPermissionError);
    expect(error.privilege).toBe('VM.Monitor');
    await expect(
      simClient(pve8, { token: 'agent' }).qemuAgentInterfaces(g.node, g.vmid),
    ).resolves.not.toHaveLength(0);
  });
});

describe('ticket auth', () => {
  let short: Simulator;
  beforeAll(async () => {
    short = await startSim({ nodes: 1, guests: 4, ticketLifetimeMs: 2_000 });
  });
  afterAll(async () => {
    await short.close();
  });
  const ticketClient = (renewAfterMs: number) =>
    simClient(short, {
      auth: {
        type: 'ticket',
        username: short.users.monitor.userid,
        password: short.users.monitor.password,
        renewAfterMs,
      },
    });

  it('logs in once for concurrent calls and sends the cookie', async () => {
    short.control.resetCounts();
    const client = ticketClient(3_600_000);
    await Promise.all([client.version(), client.clusterResources(), client.nodes()]);
    expect(short.control.requestCounts().byRoute['POST /access/ticket']).toBe(1);
  });

  it('renews the ticket before it expires', async () => {
    short.control.resetCounts();
    const client = ticketClient(300);
    await client.version();
    await new Promise((r) => setTimeout(r, 400));
    await client.version();
    expect(short.control.requestCounts().byRoute['POST /access/ticket']).toBe(2);
    expect(short.control.requestCounts().byPath['/version']).toBe(2);
  });

  it('re-logs in once on 401 (expired ticket) and replays the request', async () => {
    short.control.resetCounts();
    const client = ticketClient(3_600_000);
    await client.version();
    await new Promise((r) => setTimeout(r, 2_100));
    await expect(client.version()).resolves.toBeDefined();
    const counts = short.control.requestCounts();
    expect(counts.byRoute['POST /access/ticket']).toBe(2);
    expect(counts.byPath['/version']).toBe(3);
  });

  it('sends the CSRFPreventionToken only on writes', async () => {
    const options = resolveOptions({
      endpoints: [short.url],
      auth: {
        type: 'ticket',
        username: short.users.monitor.userid,
        password: short.users.monitor.password,
      },
      tls: { ca: short.ca.pem },
    });
    const transport = new Transport(options);
    if (options.auth.type !== 'ticket') throw new Error('expected ticket auth');
    const auth = new TicketAuth(options.auth, transport);
    transport.setAuth(auth);
    try {
      const get = await auth.headers('GET');
      const post = await auth.headers('POST');
      expect(get.cookie).toMatch(/^PVEAuthCookie=PVE%3Apvemon%40pve%3A/);
      expect(get.csrfpreventiontoken).toBeUndefined();
      expect(post.csrfpreventiontoken).toMatch(/^[0-9A-F]{8}:/);
      expect(auth.secrets()).toContain(short.users.monitor.password);
    } finally {
      await transport.close();
    }
  });

  it('a wrong password is a typed 401 without the password in it', async () => {
    const client = simClient(short, {
      auth: { type: 'ticket', username: 'pvemon@pve', password: 'wrong-password-123' },
    });
    const error = (await client.version().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ProxmoxAuthenticationError);
    expect(`${error.message}${error.stack}`).not.toContain('wrong-password-123');
  });
});

it('ProxmoxClient instances are independent (no global TLS state)', async () => {
  const insecure = simClient(sim, { endpoints: [sim.url], tls: { insecure: true } });
  await insecure.version();
  const strict = new ProxmoxClient({
    endpoints: [sim.url],
    auth: { type: 'token', tokenId: sim.tokens.admin.id, secret: sim.tokens.admin.secret },
    retry: false,
  });
  await expect(strict.version()).rejects.toBeInstanceOf(ProxmoxTlsError);
  await strict.close();
  expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
});
