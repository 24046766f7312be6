/**
 * @jest-environment node
 *
 * Browser harness: the real app rendered outside Grafana in Debian's headless Chromium
 * (playwright-core, no browser download) against a REAL Prometheus fed with the demo cluster.
 * Per page: no console errors, every panel has data, drill-down links navigate; the config
 * table's CSV download matches Prometheus' inventory. Screenshots go to test-results/harness/
 * (UPDATE_SCREENSHOTS=1 also refreshes src/img/screenshots/ and docs/screenshots/).
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemoStack, type DemoStack } from './demo/demoStack';
import { buildHarness, startHarnessServer } from './harness/harnessServer';
import { instant } from './support/prometheusApi';
// The app's BOM (src/shared/csv/frameCsv.ts); not imported: @grafana/data needs jsdom.
const UTF8_BOM = '\uFEFF';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUT = join(__dirname, '..', 'test-results', 'harness');
const APP = '/a/pvemon-proxmox-app';
const TIME = 'from=now-2m&to=now&var-ds=prometheus';

let stack: DemoStack;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: add Debian's chromium (scripts/apt-packages.txt) and run scripts/setup.sh, or set CHROMIUM`
    );
  }
  await mkdir(OUT, { recursive: true });
  const [demo] = await Promise.all([startDemoStack({ guests: 40 }), buildHarness(join(OUT, 'bundle'))]);
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
    const guest = stack.cluster.guests[0]!;
    await page.click(`a[data-pvemon-link="${guest.name}"]`);
    await page.waitForURL(new RegExp(`${APP}/vms/${guest.vmId}\\?`));
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
    const [a, b] = [stack.cluster.guests[0]!, stack.cluster.guests[1]!];
    const { page, errors } = await open(`${APP}/compare?${TIME}&var-vm=${a.vmId}&var-vm=${b.vmId}`);
    await expectPanelsWithData(page, 7);
    const legend = await page.locator('[data-pvemon-panel="timeseries"]').first().innerText();
    expect(legend).toContain(a.name);
    expect(legend).toContain(b.name);
    await shoot(page, 'vm-comparison');
    expect(errors).toEqual([]);
  });

  it('VM Detail (/vms/:id): host and in-guest views; Windows guest; clear message when in-guest data is missing', async () => {
    const linux = stack.cluster.guests.find((g) => g.vgpu)!;
    const { page, errors } = await open(`${APP}/vms/${linux.vmId}?${TIME}`);
    await expectPanelsWithData(page, 14);
    await page.getByText('In-guest exporter up').waitFor();
    await shoot(page, 'vm-detail');
    const windows = stack.cluster.guests.find((g) => g.os === 'windows' && g.exporter === 'up')!;
    await page.goto(`${server.url}${APP}/vms/${windows.vmId}?${TIME}`);
    await expectPanelsWithData(page, 14, [/vGPU/, /PCI devices/]);
    const noTarget = stack.cluster.guests.find((g) => g.status === 'running' && g.exporter === 'none')!;
    await page.goto(`${server.url}${APP}/vms/${noTarget.vmId}?${TIME}`);
    await page.getByText('No in-guest data: no exporter target').waitFor();
    const down = stack.cluster.guests.find((g) => g.exporter === 'down')!;
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
      '"Cluster","Node","ID","Name","Type","OS","OS type","Status","vCPUs","Memory (GiB)","Tags","Pool","GPU/vGPU devices","Exporter address","In-guest exporter","Uptime"'
    );
    expect(lines).toHaveLength(inventory.length + 1);
    const ids = lines.slice(1).map((l) => l.split(',')[2]);
    expect(new Set(ids)).toEqual(new Set(inventory.map((s) => s.metric.vm_id)));
    const stopped = stack.cluster.guests.find((g) => g.status === 'stopped')!;
    expect(lines.find((l) => l.split(',')[2] === String(stopped.vmId))).toContain(',stopped,');

    const first = stack.cluster.guests.find((g) => g.exporter === 'up')!;
    await page.locator('[data-pvemon-panel="table"] a', { hasText: first.name }).first().click();
    await page.waitForURL(new RegExp(`${APP}/vms/${first.vmId}\\?`));
    await expectPanelsWithData(page, 14, [/vGPU/, /PCI devices/]);
    expect(errors).toEqual([]);
  });
});
