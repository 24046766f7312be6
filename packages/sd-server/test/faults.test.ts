import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab, type TargetGroupJson } from './lab.js';

interface Health {
  status: string;
  clusters: {
    ok: boolean;
    stale: boolean;
    lastError: string | null;
    lastSuccess: string | null;
    consecutiveFailures: number;
    nodes: { unreachable: string[] };
    guests: { staleAddresses: number };
  }[];
}

let lab: Lab;
let baseline: TargetGroupJson[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

const health = async (): Promise<{ code: number; body: Health }> => {
  const res = await lab.app.inject('/health');
  return { code: res.statusCode, body: res.json<Health>() };
};
const key = (t: TargetGroupJson): string => `${t.labels.vm_id}@${t.targets.join(',')}`;

/** /targets still lists every guest target it knew. */
async function expectNothingLost(): Promise<void> {
  const now = new Set((await lab.targets()).map(key));
  for (const t of baseline) expect(now.has(key(t)), key(t)).toBe(true);
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // Short TTLs: every refresh re-reads configs and agents, so faults hit per-guest calls too.
  lab = await startLab({
    cluster: { configTtl: '1ms', addressTtl: '1ms', agentTimeout: 1, requestTimeout: 2 },
  });
  await lab.refresh();
  baseline = await lab.targets();
  expect(baseline.length).toBeGreaterThan(5);
});

afterEach(async () => {
  lab.sim.control.clearFaults();
  for (const e of lab.sim.endpoints) if (!e.up) await lab.sim.control.endpointUp(e.node);
  for (const n of lab.sim.nodes) lab.sim.control.setNodeOnline(n.name, true);
  lab.sim.control.restoreToken(lab.sim.tokens.auditor.id);
  await lab.refresh();
  expect((await health()).body.clusters[0]?.ok, 'recovers once the fault is gone').toBe(true);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await lab?.close();
  expect(unhandled).toEqual([]);
});

describe('faults: /targets never loses a known guest, /health tells the truth', () => {
  it('Proxmox fully down (every endpoint refuses connections)', async () => {
    for (const e of lab.sim.endpoints) await lab.sim.control.endpointDown(e.node);
    await lab.refresh();
    await lab.refresh();
    await expectNothingLost();
    const h = await health();
    expect(h.code).toBe(200);
    expect(h.body.status).toBe('degraded');
    expect(h.body.clusters[0]).toMatchObject({ ok: false, stale: true, consecutiveFailures: 2 });
    expect(h.body.clusters[0]?.lastError).toMatch(/CONNECTION|TIMEOUT/);
    const metrics = (await lab.app.inject('/metrics')).body;
    expect(metrics).toMatch(/pvemon_sd_stale\{cluster="lab"\} 1/);
    expect(metrics).toMatch(
      /pvemon_sd_refresh_duration_seconds_count\{cluster="lab",outcome="failure"\} [1-9]/,
    );
  });

  it("one node offline (595 on its /nodes/{node}/… calls) keeps that node's guests", async () => {
    const node = lab.sim.model.guest(100)?.node ?? '';
    lab.sim.control.setNodeOnline(node, false);
    await lab.refresh();
    await lab.refresh();
    await expectNothingLost();
    const h = await health();
    expect(h.body.clusters[0]?.nodes.unreachable).toEqual([node]);
    expect(h.body.clusters[0]?.ok).toBe(true);
    const onNode = baseline.filter((t) => t.labels.node === node);
    expect(onNode.length).toBeGreaterThan(0);
  });

  it('5xx bursts: every call fails half the time, then everything fails', async () => {
    lab.sim.control.addError({ status: 500, probability: 0.5 });
    for (let i = 0; i < 4; i++) {
      await lab.refresh();
      await expectNothingLost();
    }
    lab.sim.control.clearFaults();
    lab.sim.control.addError({ status: 503, message: 'Service Unavailable' });
    await lab.refresh();
    await expectNothingLost();
    const h = await health();
    expect(h.body.clusters[0]?.stale).toBe(true);
    expect(h.body.clusters[0]?.lastError).toMatch(/503|Service Unavailable|HTTP/);
  });

  it('malformed and truncated JSON bodies', async () => {
    lab.sim.control.addBodyFault({ kind: 'malformed', path: '/cluster/resources' });
    await lab.refresh();
    await expectNothingLost();
    expect((await health()).body.clusters[0]?.lastError).toMatch(/INVALID_RESPONSE/);
    lab.sim.control.clearFaults();
    lab.sim.control.addBodyFault({ kind: 'truncated', path: '/nodes/*/qemu/*/agent/*' });
    lab.sim.control.addBodyFault({ kind: 'malformed', path: '/nodes/*/*/*/config' });
    await lab.refresh();
    await expectNothingLost();
    expect((await health()).body.clusters[0]?.ok).toBe(true);
  });

  it('slow and dead guest agents cost one agent timeout and keep the last known address', async () => {
    lab.sim.control.setAgent(109, { state: 'slow', delayMs: 5_000 });
    lab.sim.control.setAgent(102, { state: 'dead' });
    const started = Date.now();
    await lab.refresh();
    // One agent timeout (1 s here), not one per endpoint or retry.
    expect(Date.now() - started).toBeLessThan(4_000);
    await expectNothingLost();
    const h = await health();
    expect(h.body.clusters[0]?.ok).toBe(true);
    expect(h.body.clusters[0]?.guests.staleAddresses).toBeGreaterThanOrEqual(2);
    for (const vmid of ['102', '109'])
      expect((await lab.byVmid()).get(vmid)?.labels.__meta_pve_address_stale).toBe('1');
    lab.sim.control.setAgent(109, { state: 'ok' });
    lab.sim.control.setAgent(102, { state: 'ok' });
  });

  it('auth revoked (401) keeps serving and says so', async () => {
    lab.sim.control.revokeToken(lab.sim.tokens.auditor.id);
    await lab.refresh();
    await expectNothingLost();
    const h = await health();
    expect(h.body.clusters[0]).toMatchObject({ ok: false, stale: true });
    expect(h.body.clusters[0]?.lastError).toMatch(/AUTHENTICATION/);
  });
});

describe('certificate changed under a pin', () => {
  let pinned: Lab | undefined;
  afterAll(async () => pinned?.close());

  it('refuses the new certificate, keeps the targets, and names the new fingerprint', async () => {
    pinned = await startLab({ pin: true });
    await pinned.refresh();
    const before = await pinned.targets();
    expect(before.length).toBeGreaterThan(5);
    const rotated = pinned.sim.control.rotateCertificate();
    // pveproxy restarts with a new certificate: kept-alive TLS connections go away.
    for (const e of pinned.sim.endpoints) {
      await pinned.sim.control.endpointDown(e.node);
      await pinned.sim.control.endpointUp(e.node);
    }
    await pinned.refresh();
    const after = new Set((await pinned.targets()).map(key));
    for (const t of before) expect(after.has(key(t))).toBe(true);
    const h = (await pinned.app.inject('/health')).json<Health>();
    expect(h.clusters[0]).toMatchObject({ ok: false, stale: true });
    expect(h.clusters[0]?.lastError).toMatch(/TLS/);
    const hex = (s: string): string => s.replace(/:/g, '').toUpperCase();
    const presented = Object.values(rotated).map(hex);
    expect(presented.some((fp) => hex(h.clusters[0]?.lastError ?? '').includes(fp))).toBe(true);
  });
});
