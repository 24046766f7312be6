import { join } from 'node:path';
import { CONFIG_FILES, stackDir } from '../paths.js';
import { Child, waitHttpOk } from './child.js';

export interface WebhookNotification {
  readonly path: string;
  readonly receivedAt: number;
  readonly payload: {
    readonly receiver: string;
    readonly status: 'firing' | 'resolved';
    readonly groupLabels: Record<string, string>;
    readonly alerts: readonly {
      readonly status: string;
      readonly labels: Record<string, string>;
      readonly startsAt: string;
    }[];
  };
}

/** Starts stack/alert-receiver/receiver.mjs (the same script Compose runs) with this Node. */
export async function startAlertReceiver(o: {
  listen: string;
  logDir: string;
  onLine?: (line: string) => void;
}): Promise<Child> {
  const child = new Child({
    name: 'alert-receiver',
    command: process.execPath,
    args: [join(stackDir(), CONFIG_FILES.receiver), '--listen', o.listen],
    logFile: join(o.logDir, 'alert-receiver.log'),
    onLine: o.onLine,
  });
  await waitHttpOk(`http://${o.listen}/-/healthy`, { child, timeoutMs: 10_000 });
  return child;
}

export async function fetchNotifications(
  receiver: string,
  since = 0,
): Promise<WebhookNotification[]> {
  const res = await fetch(`http://${receiver}/notifications?since=${since}`);
  if (!res.ok) throw new Error(`alert-receiver answered HTTP ${res.status}`);
  return (await res.json()) as WebhookNotification[];
}
