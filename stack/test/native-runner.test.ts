// The native runner end to end: `pvemon-stack up` on free loopback ports with the simulator brings
// up sd-server, Alertmanager, receivers and Prometheus with the shared configuration; Prometheus
// discovers every simulated guest with the SD labels; Ctrl-C (SIGINT) stops everything.
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_ENV, type AddressName } from '../src/render/addresses.js';

import {
  freeAddressOffset,
  freePort,
  simControl as sim,
  startStackRunner,
  type StackRunner,
} from './helpers.js';

const GUESTS = 8;

/** True when something accepts a TCP connection on host:port. */
function portOpen(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    socket.setTimeout(2_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('pvemon-stack up (native runner)', () => {
  let runner: ChildProcess;
  let stack: StackRunner;
  const addr = {} as Record<AddressName, string>;
  let nodeExporter = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PVE_URL: '',
      // Its own simulated address range: another stack (or the demo) may run at the same time.
      PVEMON_SIM_ADDRESS_OFFSET: String(await freeAddressOffset(1)),
    };
    for (const name of Object.keys(ADDRESS_ENV) as AddressName[]) {
      addr[name] = `127.0.0.1:${await freePort()}`;
      env[ADDRESS_ENV[name]] = addr[name];
    }
    nodeExporter = `127.0.0.1:${await freePort()}`;
    env.PVEMON_NODE_EXPORTER_ADDR = nodeExporter;
    stack = await startStackRunner(
      ['up', '--guests', String(GUESTS), '--nodes', '2', '--sd-refresh', '3'],
      env,
    );
    runner = stack.process;
    exited = stack.exited;
  }, 100_000);

  afterAll(async () => {
    if (runner.exitCode === null) {
      runner.kill('SIGINT');
      await exited;
    }
  });

  it('prints the URLs and how to attach Grafana', () => {
    expect(stack.output()).toContain(`Prometheus     http://${addr.prometheus}/`);
    expect(stack.output()).toContain('allow_loading_unsigned_plugins = pvemon-proxmox-app');
  });

  it('discovers every running simulated guest with the SD labels', async () => {
    type Target = { labels: Record<string, string>; discoveredLabels: Record<string, string> };
    let guests: Target[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const body = (await (await fetch(`http://${addr.prometheus}/api/v1/targets`)).json()) as {
        data: { activeTargets: Target[] };
      };
      guests = body.data.activeTargets.filter((t) => t.labels.job === 'guests');
      if (guests.length > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const sd = (await (await fetch(`http://${addr.sdServer}/targets/guests`)).json()) as {
      targets: string[];
      labels: Record<string, string>;
    }[];
    expect(sd.length).toBeGreaterThan(0);
    expect(guests.length).toBe(sd.length);
    for (const t of guests) {
      for (const label of ['vm_id', 'vm_name', 'vcpus', 'memory_gb', 'node', 'cluster', 'os']) {
        expect(t.labels[label], `${t.labels.instance} ${label}`).toMatch(/.+/);
      }
      const group = sd.find((g) => g.labels.vm_id === t.labels.vm_id);
      expect(t.labels.node).toBe(group?.labels.node);
      expect(t.labels.tags).toBe(group?.labels.tags);
    }
    const nodes = (await (await fetch(`http://${addr.prometheus}/api/v1/targets`)).json()) as {
      data: { activeTargets: Target[] };
    };
    const jobs = new Set(nodes.data.activeTargets.map((t) => t.labels.job));
    for (const job of ['guests', 'pve-nodes', 'pve', 'pvemon-sd', 'prometheus', 'alertmanager']) {
      expect(jobs, job).toContain(job);
    }
  }, 60_000);

  it('runs pvemon-vgpu on the simulated vGPU hosts: per-VM vGPU series with vm_id', async () => {
    type Sample = { metric: Record<string, string> };
    const query = async (q: string) =>
      (
        (await (
          await fetch(`http://${addr.prometheus}/api/v1/query?query=${encodeURIComponent(q)}`)
        ).json()) as { data: { result: Sample[] } }
      ).data.result;
    let info: Sample[] = [];
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      info = await query('pvemon_vgpu_info{job="pvemon-vgpu"}');
      if (info.length > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    // vm102 is the simulator's fixed vGPU guest (hostpci0 …,mdev=nvidia-63).
    expect(info.map((s) => [s.metric.vm_id, s.metric.mapped_by])).toContainEqual(['102', 'mdev']);
    // Only hosts with vGPU guests are pvemon-vgpu targets, and they are all up.
    const up = await query('up{job="pvemon-vgpu"}');
    expect(up.length).toBeGreaterThan(0);
    expect(up.map((s) => s.metric.node).sort()).toEqual(
      [...new Set(info.map((s) => s.metric.node))].sort(),
    );
    expect((await query('up{job="pvemon-vgpu"} == 0')).length).toBe(0);
  }, 60_000);

  it('follows the simulator: a created guest appears, a migrated one moves, a stopped one goes', async () => {
    const simUrl = /Proxmox: simulator .* at (https:\/\/127\.0\.0\.1:\d+)/.exec(
      stack.output(),
    )?.[1];
    expect(simUrl).toBeDefined();
    const targets = async () => {
      const body = (await (await fetch(`http://${addr.prometheus}/api/v1/targets`)).json()) as {
        data: { activeTargets: { labels: Record<string, string> }[] };
      };
      return body.data.activeTargets.filter((t) => t.labels.job === 'guests').map((t) => t.labels);
    };
    const until = async (what: string, ok: (t: Record<string, string>[]) => boolean) => {
      const t0 = Date.now();
      while (Date.now() - t0 < 60_000) {
        if (ok(await targets())) return Date.now() - t0;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`${what}: not seen by Prometheus within 60 s`);
    };
    const before = await targets();
    const moving = before.find((t) => t.node === 'pve1');
    const stopping = before.find((t) => t !== moving);
    expect(moving && stopping).toBeTruthy();

    const created = (await sim(simUrl ?? '', 'POST', '/_sim/guests', {
      type: 'lxc',
      node: 'pve2',
      name: 'pvemon-new',
      tags: ['e2e'],
    })) as { vmid: number };
    await sim(simUrl ?? '', 'POST', `/_sim/guests/${moving?.vm_id}/migrate`, { node: 'pve2' });
    await sim(simUrl ?? '', 'POST', `/_sim/guests/${stopping?.vm_id}/stop`);
    const ms = {
      created: await until('created guest', (t) =>
        t.some((x) => x.vm_id === String(created.vmid) && x.tags === ';e2e;'),
      ),
      migrated: await until('migrated guest', (t) =>
        t.some((x) => x.vm_id === moving?.vm_id && x.node === 'pve2'),
      ),
      stopped: await until('stopped guest', (t) => !t.some((x) => x.vm_id === stopping?.vm_id)),
    };
    console.log(`discovery changes seen by Prometheus (sd refresh 3 s): ${JSON.stringify(ms)} ms`);
  }, 120_000);

  it('stops everything on Ctrl-C (SIGINT) and leaves no port open', async () => {
    const t0 = Date.now();
    runner.kill('SIGINT');
    const code = await exited;
    console.log(`runner stopped ${Date.now() - t0} ms after SIGINT`);
    expect(code).toBe(0);
    expect(stack.output()).toContain('nothing left running');
    for (const a of [...Object.values(addr), nodeExporter]) {
      if (a === addr.pveExporter) continue; // not started natively (the simulator will serve it)
      expect(await portOpen(a), a).toBe(false);
    }
  });
});
