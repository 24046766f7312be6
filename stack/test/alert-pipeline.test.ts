// End to end on loopback: simulator scenarios → emulated exporters → sd-server → Prometheus
// (test-only short-`for` rules) → Alertmanager → webhook receiver + SMTP sink. For each of the
// plan's six alerts a scenario is on from the start; the test asserts the alert fires in Prometheus
// with the guest's/node's labels and reaches the webhook (and, for critical, the email sink). Then a
// node goes down at run time: its guests stay targets (sd-server keeps an unreachable node's last
// known guests), their scrapes fail, and the REAL GuestExporterDown Prometheus raises for them is
// inhibited by PveNodeDown, while GuestExporterDown of a guest on another node is delivered.
// Prints firing → delivery per alert.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@pvemon/pve-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_ENV, type AddressName } from '../src/render/addresses.js';
import { repoDir } from '../src/paths.js';
import { Child, waitHttpOk } from '../src/runner/child.js';
import { writeSdConfigForSimulator } from '../src/runner/simulator.js';
import type { WebhookNotification } from '../src/runner/alert-receiver.js';
import {
  freeAddressOffset,
  freePort,
  simControl,
  startStackRunner,
  tempDir,
  type StackRunner,
} from './helpers.js';

const SIM = { nodes: 3, guests: 20, seed: 3 };

/** Alert name → `for` in seconds, as the running Prometheus loaded it (e2e build: production ÷ 8). */
async function alertForSeconds(prometheus: string): Promise<Map<string, number>> {
  const body = (await (await fetch(`http://${prometheus}/api/v1/rules?type=alert`)).json()) as {
    data: { groups: { rules: { name: string; duration: number }[] }[] };
  };
  return new Map(body.data.groups.flatMap((g) => g.rules).map((r) => [r.name, r.duration]));
}

interface Plan {
  alert: string;
  scenario: string;
  labels: Record<string, string>;
  /** Switched on at run time (after discovery) instead of from the start. */
  late?: boolean;
}

/**
 * The guests the real sd-server turns into targets for this cluster (address resolvable: static LXC
 * address, or a working guest agent): asks a throw-away sd-server, like the runner will.
 */
async function discoverableGuests(sim: Simulator): Promise<Set<string>> {
  const tmp = tempDir('plan');
  const port = await freePort();
  const config = writeSdConfigForSimulator(sim, tmp.path, { host: '127.0.0.1', port }, 60);
  const sd = new Child({
    name: 'sd-server',
    command: process.execPath,
    args: [join(repoDir(), 'packages/sd-server/dist/cli.js'), 'serve', '--config', config],
  });
  try {
    await waitHttpOk(`http://127.0.0.1:${port}/health`, { child: sd, timeoutMs: 30_000 });
    const groups = (await (await fetch(`http://127.0.0.1:${port}/targets/guests`)).json()) as {
      labels: Record<string, string>;
    }[];
    return new Set(groups.map((g) => g.labels.vm_id ?? ''));
  } finally {
    await sd.stop();
    tmp.remove();
  }
}

/** Picks scenario targets from the same deterministic cluster the runner will start. */
async function plan(): Promise<{ plans: Plan[]; downNode: string; guestOnDownNode: string }> {
  // The runner's cluster: same seed, the demo profile.
  const sim = await startSimulator({
    ...SIM,
    profile: 'demo',
    authDelayMs: 0,
    exporters: { ports: 'ephemeral' },
  });
  try {
    const kinds = new Map(sim.exporters.filter((e) => e.vmid).map((e) => [e.vmid, e.type]));
    const discoverable = await discoverableGuests(sim);
    const running = sim.control
      .guests()
      // IPv6-only guests get fd00:: addresses, which this loopback-only test cannot reach.
      .filter((g) => g.status === 'running' && discoverable.has(String(g.vmid)));
    const linux = running.filter((g) => kinds.get(g.vmid) === 'node_exporter');
    const gpuNode = sim.exporters.find((e) => e.type === 'nvidia_gpu_exporter')?.node;
    // The node to take down: not the GPU node, hosting a Linux guest, leaving 5 Linux guests up.
    const downNode =
      sim.nodes
        .map((n) => n.name)
        .find(
          (n) =>
            n !== gpuNode &&
            linux.some((g) => g.node === n) &&
            linux.filter((g) => g.node !== n).length >= 6,
        ) ?? '';
    // VMs first: disk latency and swap are per-guest block/memory signals an LXC guest (sharing
    // the host kernel) does not have of its own.
    const others = linux.filter((g) => g.node !== downNode);
    const up = [
      ...others.filter((g) => g.type === 'qemu'),
      ...others.filter((g) => g.type !== 'qemu'),
    ];
    const guestOnDownNode = linux.find((g) => g.node === downNode);
    if (up.length < 6 || !gpuNode || !guestOnDownNode) {
      throw new Error(
        `seed ${SIM.seed} gives too few Linux guests or no GPU node; pick another seed`,
      );
    }
    const g = (i: number) => up[i] as { vmid: number; node: string };
    const guest = (alert: string, scenario: string, i: number): Plan => ({
      alert,
      scenario: `${scenario}:vm${g(i).vmid}`,
      labels: { vm_id: String(g(i).vmid), node: g(i).node },
    });
    return {
      plans: [
        guest('GuestCpuSaturation', 'cpu-saturation', 0),
        guest('HostCpuStealHigh', 'steal', 1),
        guest('DiskLatencyHigh', 'disk-latency', 2),
        guest('MemorySwapActive', 'swapping', 3),
        guest('NetworkPacketDrops', 'packet-drops', 4),
        {
          alert: 'GpuUtilizationHigh',
          scenario: `gpu-saturation:${gpuNode}`,
          labels: { node: gpuNode },
        },
        // The same kind of alert the down node's guests raise, on another node: delivered.
        guest('GuestExporterDown', 'exporter-down', 5),
        {
          alert: 'PveNodeDown',
          scenario: `node-down:${downNode}`,
          labels: { node: downNode },
          late: true,
        },
      ],
      downNode,
      guestOnDownNode: String(guestOnDownNode.vmid),
    };
  } finally {
    await sim.close();
  }
}

describe('alert pipeline: simulator scenarios → Prometheus → Alertmanager → webhook/email', () => {
  let runner: ChildProcess;
  let exited: Promise<number | null>;
  let stack: StackRunner;
  const addr = {} as Record<AddressName, string>;
  let scenarioPlan: Awaited<ReturnType<typeof plan>>;

  beforeAll(async () => {
    scenarioPlan = await plan();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PVE_URL: '',
      PVEMON_SIM_ADDRESS_OFFSET: String(await freeAddressOffset(2)),
    };
    for (const name of Object.keys(ADDRESS_ENV) as AddressName[]) {
      if (name === 'pveExporter') continue; // the simulator's
      addr[name] = `127.0.0.1:${await freePort()}`;
      env[ADDRESS_ENV[name]] = addr[name];
    }
    env.PVEMON_NODE_EXPORTER_ADDR = `127.0.0.1:${await freePort()}`;
    const args = ['up', '--nodes', String(SIM.nodes), '--guests', String(SIM.guests)];
    args.push('--seed', String(SIM.seed), '--rules', 'e2e', '--sd-refresh', '3');
    for (const p of scenarioPlan.plans) if (!p.late) args.push('--scenario', p.scenario);
    stack = await startStackRunner(args, env);
    runner = stack.process;
    exited = stack.exited;
  }, 120_000);

  afterAll(async () => {
    if (runner && runner.exitCode === null) runner.kill('SIGINT');
    await exited;
  });

  it('fires each of the six alerts (and PveNodeDown) and delivers it; inhibits the down node', async () => {
    type Alert = { labels: Record<string, string>; state: string; activeAt: string };
    type Target = { labels: Record<string, string>; health: string };
    const targets = async () =>
      (
        (await (await fetch(`http://${addr.prometheus}/api/v1/targets`)).json()) as {
          data: { activeTargets: Target[] };
        }
      ).data.activeTargets;
    const { downNode, guestOnDownNode } = scenarioPlan;
    const guestTarget = (t: Target[]) =>
      t.find((x) => x.labels.job === 'guests' && x.labels.vm_id === guestOnDownNode);

    // The node goes down at run time, after discovery saw its guests running. No timing games:
    // the e2e build divides production's `for` by 8, so PveNodeDown (2m → 15 s) fires at most
    // pve scrape 30 s + eval 5 s + 15 s after the failure, while the GuestExporterDown it
    // inhibits (10m → 75 s) cannot fire before 75 s: the inhibitor is always in Alertmanager first.
    const simUrl =
      /Proxmox: simulator .* at (https:\/\/127\.0\.0\.1:\d+)/.exec(stack.output())?.[1] ?? '';
    expect(simUrl).not.toBe('');
    const upDeadline = Date.now() + 120_000;
    for (;;) {
      const t = await targets();
      if (guestTarget(t)?.health === 'up' && t.find((x) => x.labels.job === 'pve')?.health === 'up')
        break;
      expect(Date.now(), "the down node's guest and pve-exporter scraped up first").toBeLessThan(
        upDeadline,
      );
      await new Promise((r) => setTimeout(r, 500));
    }
    const forSeconds = await alertForSeconds(addr.prometheus);
    expect(forSeconds.get('PveNodeDown')).toBe(15);
    expect(forSeconds.get('GuestExporterDown')).toBe(75);
    await simControl(simUrl, 'POST', '/_sim/scenarios', { scenario: `node-down:${downNode}` });

    const matches = (l: Record<string, string>, p: Plan) =>
      l.alertname === p.alert && Object.entries(p.labels).every(([k, v]) => l[k] === v);
    const firing = new Map<string, number>();
    const delivered = new Map<string, { at: number; receiver: string }>();
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline && delivered.size < scenarioPlan.plans.length) {
      const alerts = (
        (await (await fetch(`http://${addr.prometheus}/api/v1/alerts`)).json()) as {
          data: { alerts: Alert[] };
        }
      ).data.alerts;
      const notes = (await (
        await fetch(`http://${addr.alertReceiver}/notifications`)
      ).json()) as WebhookNotification[];
      for (const p of scenarioPlan.plans) {
        const a = alerts.find((x) => x.state === 'firing' && matches(x.labels, p));
        if (a && !firing.has(p.alert))
          firing.set(p.alert, Date.parse(a.activeAt) + (forSeconds.get(p.alert) ?? NaN) * 1000);
        const n = notes.find(
          (x) =>
            x.payload.status === 'firing' && x.payload.alerts.some((y) => matches(y.labels, p)),
        );
        if (n && !delivered.has(p.alert))
          delivered.set(p.alert, { at: n.receivedAt, receiver: n.payload.receiver });
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const rows = scenarioPlan.plans.map((p) => {
      const f = firing.get(p.alert);
      const d = delivered.get(p.alert);
      return `${p.alert.padEnd(20)} ${p.scenario.padEnd(26)} ${f ? 'fired' : 'NOT FIRED'}  ${
        d && f
          ? `→ ${d.receiver} ${((d.at - f) / 1000).toFixed(1)} s after firing`
          : 'not delivered'
      }`;
    });
    console.log(`alert pipeline (firing = activeAt + the rule's for):\n${rows.join('\n')}`);
    for (const p of scenarioPlan.plans) {
      expect(firing.has(p.alert), `${p.alert} fired in Prometheus`).toBe(true);
      expect(delivered.has(p.alert), `${p.alert} delivered to the webhook`).toBe(true);
    }
    expect(delivered.get('PveNodeDown')?.receiver).toBe('webhook-and-email');
    expect(stack.output()).toMatch(/email → oncall@example\.com: \[FIRING:\d+\] .*critical/);

    // The down node's guest is still a target (sd-server kept it), now failing its scrapes …
    expect(guestTarget(await targets())?.health).toBe('down');
    // … and Prometheus raises the real GuestExporterDown for it.
    const guestAlertDeadline = Date.now() + 120_000;
    let raised: Alert | undefined;
    while (!raised && Date.now() < guestAlertDeadline) {
      const alerts = (
        (await (await fetch(`http://${addr.prometheus}/api/v1/alerts`)).json()) as {
          data: { alerts: Alert[] };
        }
      ).data.alerts;
      raised = alerts.find(
        (a) =>
          a.state === 'firing' &&
          a.labels.alertname === 'GuestExporterDown' &&
          a.labels.vm_id === guestOnDownNode,
      );
      if (!raised) await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(raised?.labels.node, 'GuestExporterDown of the down node fired').toBe(downNode);
    await new Promise((r) => setTimeout(r, 8_000)); // > group_wait 1s + group_interval 5s

    // Alertmanager holds it as suppressed by the real PveNodeDown and never delivered it.
    const amAlerts = (await (await fetch(`http://${addr.alertmanager}/api/v2/alerts`)).json()) as {
      labels: Record<string, string>;
      status: { state: string; inhibitedBy: string[] };
      fingerprint: string;
    }[];
    const source = amAlerts.find((a) => a.labels.alertname === 'PveNodeDown');
    expect(source?.labels.node).toBe(downNode);
    const guestAlert = amAlerts.find(
      (a) => a.labels.vm_id === guestOnDownNode && a.labels.alertname === 'GuestExporterDown',
    );
    expect(guestAlert?.status.state).toBe('suppressed');
    expect(guestAlert?.status.inhibitedBy).toEqual([source?.fingerprint]);
    const notes = (await (
      await fetch(`http://${addr.alertReceiver}/notifications`)
    ).json()) as WebhookNotification[];
    const leaked = notes.flatMap((n) =>
      n.payload.alerts.filter((a) => a.labels.node === downNode && a.labels.vm_id),
    );
    expect(leaked.map((a) => `${a.labels.alertname} vm${a.labels.vm_id}`)).toEqual([]);
    console.log(
      `inhibition: GuestExporterDown of vm${guestOnDownNode} on ${downNode} raised by Prometheus, suppressed by PveNodeDown, not delivered; the same alert on another node delivered`,
    );
  }, 480_000);
});
