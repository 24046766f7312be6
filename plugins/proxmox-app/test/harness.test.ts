/**
 * @jest-environment node
 *
 * Browser harness: the real app rendered outside Grafana in Debian's headless Chromium
 * (playwright-core, no browser download) against a REAL Prometheus fed by the demo stack (the
 * Proxmox simulator's exporters, pvemon-vgpu, the sd-server; test/demo/demoStack.ts).
 * Per page: no console errors, every panel has data, drill-down links navigate; the config
 * table's CSV download matches Prometheus' inventory. Screenshots go to test-results/harness/
 * (UPDATE_SCREENSHOTS=1 also refreshes src/img/screenshots/ and docs/screenshots/).
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemoStack, type DemoStack, type StackGuest } from './demo/demoStack';
import { buildHarness, startHarnessServer } from './harness/harnessServer';
import { instant } from './support/prometheusApi';
// The app's BOM (src/shared/csv/frameCsv.ts); not imported: @grafana/data needs jsdom.
const UTF8_BOM = '\uFEFF';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUT = join(__dirname, '..', 'test-results', 'harness');
const APP = '/a/pvemon-proxmox-app';
// The e2e rules' rate() windows are 1 m: a rate is low (and in-guest CPU busy ~100 %) until its
// window is full, so the stack first collects a full window and the pages show the last minute.
const TIME = 'from=now-1m&to=now&var-ds=prometheus';

const DOWN_VM = '108';

let stack: DemoStack;

/** A guest of the demo matching `pick`; fails with the demo's guests when there is none. */
function guest(what: string, pick: (g: StackGuest) => boolean): StackGuest {
  const g = stack.guests.find(pick);
  if (!g) {
    throw new Error(`the demo has no ${what}: ${JSON.stringify(stack.guests)}`);
  }
  return g;
}

/** A guest with an in-guest exporter up and a name usable in a CSS attribute selector. */
const plainGuest = (g: StackGuest) => g.exporter === 'up' && /^[\w.-]+$/.test(g.name);

/** RFC 4180 fields of one CSV line (quotes, doubled quotes, commas inside quotes). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m && m.index < line.length; m = re.exec(line)) {
    const f = m[1] ?? '';
    out.push(f.startsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f);
    if (m[2] === '') {
      break;
    }
  }
  return out;
}
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: add Debian's chromium (scripts/apt-packages.txt) and run scripts/setup.sh, or set CHROMIUM`
    );
  }
  await mkdir(OUT, { recursive: true });
  const [demo] = await Promise.all([
    // vm108 (a running Linux guest with an exporter target) gets its exporter switched off.
    startDemoStack({ guests: 16, salt: 2, scenarios: [`exporter-down:vm${DOWN_VM}`], settleSeconds: 100 }),
    buildHarness(join(OUT, 'bundle')),
  ]);
  stack = demo;
  server = await startHarnessServer(join(OUT, 'bundle'), stack.prometheusUrl);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await stack?.close();
});

interface Opened {
  page: Page;
  errors: string[];
}

async function open(path: string): Promise<Opened> {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 3200 },
    acceptDownloads: true,
    colorScheme: 'dark',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}${path}`);
  return { page, errors };
}

/** Waits until `count` panels rendered with data; on timeout names the empty ones. */
async function expectPanelsWithData(page: Page, count: number, allowEmpty: RegExp[] = []): Promise<void> {
  const state = () =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-pvemon-panel]')].map((el) => ({
        title:
          el
            .closest('[data-testid^="data-testid Panel header"]')
            ?.getAttribute('data-testid')
            ?.replace('data-testid Panel header ', '') ?? '?',
        rows: Number(el.dataset.rows),
      }))
    );
  const deadline = Date.now() + 60_000;
  let panels = await state();
  while (Date.now() < deadline) {
    panels = await state();
    const pending = panels.filter((p) => p.rows === 0 && !allowEmpty.some((r) => r.test(p.title)));
    if (panels.length >= count && pending.length === 0) {
      return;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`panels without data: ${JSON.stringify(panels)} (expected ${count})`);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({
    path: join(OUT, `${name}.png`),
    fullPage: false,
    clip: { x: 0, y: 0, width: 1600, height: 1100 },
  });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    for (const dir of [
      join(__dirname, '..', 'src', 'img', 'screenshots'),
      join(__dirname, '..', '..', '..', 'docs', 'screenshots'),
    ]) {
      await mkdir(dir, { recursive: true });
      await copyFile(join(OUT, `${name}.png`), join(dir, `${name}.png`));
    }
  }
}

describe('app pages in headless Chromium against a real Prometheus', () => {
  it('Cluster Overview: every panel has data, tiles drill down to VM and Host detail', async () => {
    const { page, errors } = await open(`${APP}/overview?${TIME}`);
    await expectPanelsWithData(page, 15);
    await shoot(page, 'cluster-overview');
    const g = guest('Windows guest with a vGPU and a plain name', (x) => plainGuest(x) && x.os === 'windows' && x.vgpu);
    await page.click(`a[data-pvemon-link="${g.name}"]`);
    await page.waitForURL(new RegExp(`${APP}/vms/${g.vmId}\\?`));
    await expectPanelsWithData(page, 14);
    await page.goBack();
    await page.click(`a[data-pvemon-link="pve1"]`);
    await page.waitForURL(new RegExp(`${APP}/hosts/pve1\\?`));
    await expectPanelsWithData(page, 13);
    expect(errors).toEqual([]);
  });

  it('Host Detail (/hosts/pve1): CPU, memory, disks, network, GPUs and the guest table have data', async () => {
    const { page, errors } = await open(`${APP}/hosts?${TIME}`);
    await expectPanelsWithData(page, 1);
    await page.click(`a[data-pvemon-link="pve1"]`);
    await page.waitForURL(new RegExp(`${APP}/hosts/pve1\\?`));
    await expectPanelsWithData(page, 13);
    await shoot(page, 'host-detail');
    expect(errors).toEqual([]);
  });

  it('VM Comparison (/compare): one series per selected guest, config table of the selection', async () => {
    // A Linux and a Windows guest, both with a vGPU, so every comparison panel has two series.
    const a = guest('Linux guest with a vGPU', (g) => g.os === 'linux' && g.vgpu && g.exporter === 'up');
    const b = guest('Windows guest with a vGPU', (g) => g.os === 'windows' && g.vgpu && g.exporter === 'up');
    const { page, errors } = await open(`${APP}/compare?${TIME}&var-vm=${a.vmId}&var-vm=${b.vmId}`);
    await expectPanelsWithData(page, 7);
    const legend = await page.locator('[data-pvemon-panel="timeseries"]').first().innerText();
    expect(legend).toContain(a.name);
    expect(legend).toContain(b.name);
    await shoot(page, 'vm-comparison');
    expect(errors).toEqual([]);
  });

  it('VM Detail (/vms/:id): host and in-guest views; Windows guest; clear message when in-guest data is missing', async () => {
    const linux = guest('Linux guest with a vGPU', (g) => g.os === 'linux' && g.vgpu && g.exporter === 'up');
    const { page, errors } = await open(`${APP}/vms/${linux.vmId}?${TIME}`);
    // The simulated Linux guests run node_exporter only: no process-exporter, no process list.
    await expectPanelsWithData(page, 14, [/^Top processes/]);
    await page.getByText('In-guest exporter up').waitFor();
    await shoot(page, 'vm-detail');
    const windows = guest('Windows guest with a vGPU', (g) => g.os === 'windows' && g.vgpu && g.exporter === 'up');
    await page.goto(`${server.url}${APP}/vms/${windows.vmId}?${TIME}`);
    await expectPanelsWithData(page, 14);
    const noTarget = guest('running guest without target', (g) => g.status === 'running' && g.exporter === 'none');
    await page.goto(`${server.url}${APP}/vms/${noTarget.vmId}?${TIME}`);
    await page.getByText('No in-guest data: no exporter target').waitFor();
    const down = guest('guest whose exporter is down', (g) => g.exporter === 'down');
    expect(down.vmId).toBe(DOWN_VM);
    await page.goto(`${server.url}${APP}/vms/${down.vmId}?${TIME}`);
    await page.getByText('No in-guest data: the exporter is down').waitFor();
    expect(errors).toEqual([]);
  });

  it('VM config table (/vms): every guest, links to VM Detail, CSV download equals the data', async () => {
    const { page, errors } = await open(`${APP}/vms?${TIME}`);
    await expectPanelsWithData(page, 1);
    await shoot(page, 'vm-config-table');
    const rows = Number(await page.locator('[data-pvemon-panel="table"]').getAttribute('data-rows'));
    const inventory = await instant(stack.prometheusUrl, 'pvemon_guest_info');
    expect(rows).toBe(inventory.length);

    await page.hover('[data-testid="data-testid Panel header Every guest"]');
    await page.click('[data-testid="data-testid Panel menu Every guest"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Download CSV').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      '"Cluster","Node","ID","Name","Type","OS","OS type","Status","vCPUs","Memory (GiB)","Tags","Pool","Agent","GPU/vGPU devices","Exporter address","In-guest exporter","Uptime"'
    );
    expect(lines).toHaveLength(inventory.length + 1);
    const ids = lines.slice(1).map((l) => csvFields(l)[2]);
    expect(new Set(ids)).toEqual(new Set(inventory.map((s) => s.metric.vm_id)));
    const stopped = guest('stopped guest', (g) => g.status === 'stopped');
    const rowOf = (vmId: string) => csvFields(lines.find((l) => csvFields(l)[2] === vmId) ?? '');
    expect(rowOf(stopped.vmId)[7]).toBe('stopped');
    // Agent column: the sd-server's agent label, shown as yes/no.
    for (const s of inventory) {
      expect(rowOf(s.metric.vm_id!)[12]).toBe(s.metric.agent === '1' ? 'yes' : 'no');
    }
    expect(new Set(inventory.map((s) => s.metric.agent))).toEqual(new Set(['0', '1']));

    const first = guest(
      'Windows guest with a vGPU and a plain name',
      (g) => plainGuest(g) && g.os === 'windows' && g.vgpu
    );
    await page.locator('[data-pvemon-panel="table"] a', { hasText: first.name }).first().click();
    await page.waitForURL(new RegExp(`${APP}/vms/${first.vmId}\\?`));
    await expectPanelsWithData(page, 14);
    expect(errors).toEqual([]);
  });
});
