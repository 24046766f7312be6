import { chromium } from 'playwright-core';
import { startDemoStack } from './test/demo/demoStack';
import { startHarnessServer } from './test/harness/harnessServer';
void (async () => {
  const stack = await startDemoStack({ guests: 12 });
  const server = await startHarnessServer('test-results/harness/bundle', stack.prometheusUrl);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1600, height: 3000 } });
  page.on('console', (m) => console.log('console.' + m.type(), m.text().slice(0, 400)));
  page.on('pageerror', (e) => console.log('pageerror', String(e).slice(0, 600)));
  await page.goto(`${server.url}/a/pvemon-proxmox-app/${process.argv[2] ?? 'overview'}?from=now-5m&to=now&var-ds=prometheus`);
  await page.waitForTimeout(8000);
  console.log('URL', page.url());
  console.log((await page.evaluate(() => document.body.innerText)).slice(0, 1500));
  console.log('panels', await page.evaluate(() => [...document.querySelectorAll('[data-pvemon-panel]')].map((e) => (e as HTMLElement).dataset.rows).join(',')));
  await page.screenshot({ path: '/tmp/pvemon-dbg.png' });
  await browser.close(); await server.close(); await stack.close();
})();
