// The real Alertmanager (Debian 0.25) with stack/alertmanager/alertmanager.yml rendered for
// loopback: alerts posted to /api/v2/alerts reach the webhook receiver (receiver.mjs) and, for
// critical ones, the SMTP sink; inhibition keeps a down node's guest alerts and a critical alert's
// warning twin from being delivered; the Watchdog reaches the heartbeat path.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_ADDRESSES } from '../src/render/addresses.js';
import { layoutPaths, writeRendered } from '../src/render/render.js';
import { CONFIG_FILES, stackDir } from '../src/paths.js';
import type { Child } from '../src/runner/child.js';
import { startAlertmanager } from '../src/runner/services.js';
import {
  fetchNotifications,
  startAlertReceiver,
  type WebhookNotification,
} from '../src/runner/alert-receiver.js';
import { startSmtpSink, type SmtpSink } from '../src/runner/smtp-sink.js';
import { freePort, tempDir } from './helpers.js';

const CLUSTER = 'lab';
const alert = (labels: Record<string, string>) => ({
  labels: { cluster: CLUSTER, ...labels },
  annotations: { summary: `${labels.alertname} test` },
  startsAt: new Date().toISOString(),
  generatorURL: 'http://127.0.0.1/test',
});

const sent = {
  // critical → webhook + email
  storage: alert({
    alertname: 'PveStorageAlmostFull',
    severity: 'critical',
    node: 'pve2',
    storage: 'local-zfs',
  }),
  // warning → webhook only
  guestCpu: alert({
    alertname: 'GuestCpuSaturation',
    severity: 'warning',
    node: 'pve2',
    vm_id: '201',
    vm_name: 'db1',
  }),
  // pve1 is down: its guests' and its exporter's alerts must be inhibited
  nodeDown: alert({ alertname: 'PveNodeDown', severity: 'critical', node: 'pve1' }),
  guestOnDownNode: alert({
    alertname: 'GuestCpuSaturation',
    severity: 'warning',
    node: 'pve1',
    vm_id: '101',
    vm_name: 'web1',
  }),
  exporterOnDownNode: alert({
    alertname: 'HostExporterDown',
    severity: 'warning',
    node: 'pve1',
    instance: '10.0.0.1:9100',
  }),
  // same alert critical + warning on pve3: only the critical one is delivered
  fsCritical: alert({
    alertname: 'GuestFilesystemAlmostFull',
    severity: 'critical',
    node: 'pve3',
    vm_id: '301',
    instance: 'x',
  }),
  fsWarning: alert({
    alertname: 'GuestFilesystemAlmostFull',
    severity: 'warning',
    node: 'pve3',
    vm_id: '301',
    instance: 'x',
  }),
  watchdog: alert({ alertname: 'Watchdog', severity: 'none' }),
};

describe('Alertmanager delivers through the stack configuration', () => {
  let tmp: ReturnType<typeof tempDir>;
  let am: Child | undefined;
  let receiver: Child | undefined;
  let smtp: SmtpSink | undefined;
  let amUrl = '';
  let receiverAddr = '';
  let postedAt = 0;
  let delivered: WebhookNotification[] = [];

  beforeAll(async () => {
    tmp = tempDir('am');
    smtp = await startSmtpSink();
    receiverAddr = `127.0.0.1:${await freePort()}`;
    receiver = await startAlertReceiver({ listen: receiverAddr, logDir: tmp.path });
    const amListen = `127.0.0.1:${await freePort()}`;
    amUrl = `http://${amListen}`;
    const written = writeRendered(tmp.path, {
      addresses: {
        ...NATIVE_ADDRESSES,
        alertmanager: amListen,
        alertReceiver: receiverAddr,
        smtpRelay: `127.0.0.1:${smtp.port}`,
      },
      paths: layoutPaths(tmp.path, join(stackDir(), CONFIG_FILES.rules)),
      plainSmtp: true,
      fastTimings: true,
    });
    am = await startAlertmanager({
      config: written.alertmanagerConfig,
      listen: amListen,
      dataDir: join(tmp.path, 'am-data'),
      logDir: tmp.path,
    });
    postedAt = Date.now();
    const res = await fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // startsAt = now: an alert older than group_wait is flushed at once, which would hide the wait.
      body: JSON.stringify(
        Object.values(sent).map((a) => ({ ...a, startsAt: new Date(postedAt).toISOString() })),
      ),
    });
    expect(res.status).toBe(200);

    // Wait (bounded) for the deliveries we expect: 4 webhook groups + watchdog, 2 mails.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      delivered = await fetchNotifications(receiverAddr);
      if (delivered.length >= 5 && smtp.mails.length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // One more group_interval-free moment for anything that should NOT arrive.
    await new Promise((r) => setTimeout(r, 1_500));
    delivered = await fetchNotifications(receiverAddr);
  });

  afterAll(async () => {
    await am?.stop();
    await receiver?.stop();
    await smtp?.close();
    tmp?.remove();
  });

  const webhookAlerts = () =>
    delivered
      .filter((n) => n.path === '/alerts')
      .flatMap((n) =>
        n.payload.alerts.map((a): Record<string, string | undefined> => ({
          ...a.labels,
          receiver: n.payload.receiver,
        })),
      );

  it('delivers critical alerts to the webhook and by email, within seconds', () => {
    const storage = delivered.find((n) =>
      n.payload.alerts.some((a) => a.labels.alertname === 'PveStorageAlmostFull'),
    );
    expect(storage?.payload.receiver).toBe('webhook-and-email');
    expect(storage?.payload.groupLabels).toEqual({
      cluster: CLUSTER,
      node: 'pve2',
      severity: 'critical',
    });
    const mail = smtp?.mails.find((m) => m.subject.includes('pve2'));
    expect(mail?.to).toEqual(['oncall@example.com']);
    expect(mail?.body).toContain('PveStorageAlmostFull');
    const webhookMs = (storage?.receivedAt ?? Infinity) - postedAt;
    const emailMs = (mail?.receivedAt ?? Infinity) - postedAt;
    console.log(`alert posted → webhook ${webhookMs} ms, → email ${emailMs} ms (group_wait 1s)`);
    expect(webhookMs).toBeLessThan(15_000);
  });

  it('delivers warnings to the webhook only, grouped by cluster/node/severity', () => {
    const warning = delivered.find((n) => n.payload.alerts.some((a) => a.labels.vm_id === '201'));
    expect(warning?.payload.receiver).toBe('webhook');
    expect(warning?.payload.groupLabels).toEqual({
      cluster: CLUSTER,
      node: 'pve2',
      severity: 'warning',
    });
    expect(smtp?.mails.some((m) => m.body.includes('GuestCpuSaturation'))).toBe(false);
  });

  it('suppresses every alert of a down node except PveNodeDown itself', async () => {
    const onPve1 = webhookAlerts().filter((a) => a.node === 'pve1');
    expect(onPve1.map((a) => a.alertname)).toEqual(['PveNodeDown']);
    const states = (await (await fetch(`${amUrl}/api/v2/alerts`)).json()) as {
      labels: Record<string, string>;
      status: { state: string; inhibitedBy: string[] };
    }[];
    const guest = states.find((a) => a.labels.vm_id === '101');
    expect(guest?.status.state).toBe('suppressed');
    expect(guest?.status.inhibitedBy.length).toBe(1);
    const exporter = states.find((a) => a.labels.alertname === 'HostExporterDown');
    expect(exporter?.status.state).toBe('suppressed');
    const other = states.find((a) => a.labels.vm_id === '201');
    expect(other?.status.state).toBe('active');
  });

  it('suppresses the warning twin of a critical alert', () => {
    const fs = webhookAlerts().filter((a) => a.alertname === 'GuestFilesystemAlmostFull');
    expect(fs.map((a) => a.severity)).toEqual(['critical']);
  });

  it('sends the Watchdog heartbeat to its own receiver, not to people', () => {
    const beats = delivered.filter((n) => n.path === '/watchdog');
    expect(beats.length).toBeGreaterThanOrEqual(1);
    expect(beats[0]?.payload.receiver).toBe('watchdog');
    expect(webhookAlerts().some((a) => a.alertname === 'Watchdog')).toBe(false);
    expect(smtp?.mails.some((m) => m.body.includes('Watchdog'))).toBe(false);
  });
});
