/**
 * Page benchmark: the demo stack (Proxmox simulator with its exporters, pvemon-vgpu, sd-server)
 * with N simulated guests (default 1,000; PVEMON_BENCH_GUESTS) feeding a real Prometheus with
 * pvemon's recording rules loaded, and each app page rendered in headless Chromium. Prints per
 * page: queries sent, slowest query, total time until every panel has data. Baseline in the same
 * run: the Comparison CPU panel's recording rule vs the raw pve-exporter join it replaces.
 */
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startDemoStack, type DemoStack } from '../test/demo/demoStack';
import { buildHarness, startHarnessServer } from '../test/harness/harnessServer';
import { promGet } from '../test/support/prometheusApi';

const GUESTS = Number(process.env.PVEMON_BENCH_GUESTS ?? 1000);
const OUT = join(__dirname, '..', 'test-results', 'bench');
const APP = '/a/pvemon-proxmox-app';

let stack: DemoStack;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

const out = (line: string) => process.stdout.write(`${line}\n`);

beforeAll(async () => {
  const started = Date.now();
  const [demo] = await Promise.all([
    startDemoStack({
      guests: GUESTS,
      nodes: Math.max(3, Math.ceil(GUESTS / 40)),
      intervalSeconds: 10,
      settleSeconds: 20,
      salt: 3,
    }),
    buildHarness(join(OUT, 'bundle')),
  ]);
  stack = demo;
  out(
    `[bench] ${GUESTS} guests on ${stack.nodes.length} nodes; Prometheus had data after ${stack.secondsToData.toFixed(1)} s (setup ${((Date.now() - started) / 1000).toFixed(1)} s)`
  );
  server = await startHarnessServer(join(OUT, 'bundle'), stack.prometheusUrl);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await stack?.close();
});

async function timeQuery(query: string, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await promGet(stack.prometheusUrl, '/api/v1/query', { query });
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

it(`pages with ${GUESTS} guests`, async () => {
  // A Linux and a Windows guest with a vGPU: every Comparison panel has data; VM Detail opens the
  // Windows one (process collector; the simulated Linux guests run no process-exporter).
  const withVgpu = (os: string) => stack.guests.find((g) => g.os === os && g.vgpu && g.exporter === 'up');
  const [a, b] = [withVgpu('linux'), withVgpu('windows')];
  if (!a || !b) {
    throw new Error('the demo has no running Linux and Windows guests with a vGPU');
  }
  const pages: Array<[string, string, number]> = [
    ['Cluster Overview', `${APP}/overview`, 15],
    ['Host Detail', `${APP}/hosts/pve1`, 13],
    ['VM Comparison', `${APP}/compare?var-vm=${a.vmId}&var-vm=${b.vmId}`, 7],
    ['VM Detail', `${APP}/vms/${b.vmId}`, 14],
    ['VM config table', `${APP}/vms`, 1],
  ];
  out('[bench] page              queries  slowest in browser  slowest in Prometheus  time to data');
  for (const [name, path, panels] of pages) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 3200 } });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}from=now-1h&to=now&var-ds=prometheus`);
    await page.waitForFunction(
      (n) => {
        const els = [...document.querySelectorAll<HTMLElement>('[data-pvemon-panel]')];
        return els.length >= n && els.every((e) => Number(e.dataset.rows) > 0);
      },
      panels,
      { timeout: 120_000, polling: 100 }
    );
    const elapsed = Date.now() - t0;
    const log = await page.evaluate(
      () => (window as unknown as { pvemonRequests: Array<{ expr: string; ms: number }> }).pvemonRequests
    );
    const slowest = log.reduce((m, r) => (r.ms > m.ms ? r : m), { ms: 0, expr: '' });
    // Browser timings include queueing behind Chromium's 6 connections per host; replay each
    // distinct expression alone (instant, now) for Prometheus' own cost.
    let inProm = { ms: 0, expr: '' };
    for (const expr of [...new Set(log.map((r) => r.expr))]) {
      const t = performance.now();
      await promGet(stack.prometheusUrl, '/api/v1/query', { query: expr });
      const ms = performance.now() - t;
      inProm = ms > inProm.ms ? { ms, expr } : inProm;
    }
    out(
      `[bench] ${name.padEnd(18)}${String(log.length).padStart(7)}${`${slowest.ms.toFixed(0)} ms`.padStart(20)}${`${inProm.ms.toFixed(0)} ms`.padStart(23)}${`${elapsed} ms`.padStart(14)}`
    );
    out(`[bench]   slowest in Prometheus: ${inProm.expr.replace(/\s+/g, ' ').slice(0, 140)}`);
    await context.close();
  }
  const rule = await timeQuery('guest:pve_cpu_usage:ratio');
  const raw = await timeQuery(
    'pve_cpu_usage_ratio{job="pve", id=~"(qemu|lxc)/[0-9]+"} * on (job, instance, id) group_left (vm_id, vm_name, node, guest_type) max without (name, type) (label_replace(label_replace(label_replace(pve_guest_info{job="pve", id=~"(qemu|lxc)/[0-9]+", template!="1"}, "vm_id", "$1", "id", "(?:qemu|lxc)/([0-9]+)"), "vm_name", "$1", "name", "(.*)"), "guest_type", "$1", "type", "(.*)"))'
  );
  out(
    `[bench] baseline: CPU of every guest via recording rule ${rule.toFixed(1)} ms vs raw join ${raw.toFixed(1)} ms (x${(raw / rule).toFixed(1)}), median of 5`
  );
});
