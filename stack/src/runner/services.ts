import { join } from 'node:path';
import { requireBinary } from '../tools/binaries.js';
import { Child, waitHttpOk } from './child.js';

export interface ServiceOptions {
  readonly config: string;
  /** host:port to listen on (loopback). */
  readonly listen: string;
  readonly dataDir: string;
  readonly logDir: string;
  readonly onLine?: (line: string) => void;
}

/** Debian's Alertmanager on loopback, gossip off (it would bind 0.0.0.0:9094). Resolves when ready. */
export async function startAlertmanager(o: ServiceOptions): Promise<Child> {
  const child = new Child({
    name: 'alertmanager',
    command: requireBinary('alertmanager'),
    args: [
      `--config.file=${o.config}`,
      `--storage.path=${o.dataDir}`,
      `--web.listen-address=${o.listen}`,
      '--cluster.listen-address=',
      '--log.level=info',
    ],
    logFile: join(o.logDir, 'alertmanager.log'),
    onLine: o.onLine,
  });
  await waitHttpOk(`http://${o.listen}/-/ready`, { child });
  return child;
}

/** Debian's Prometheus on loopback with lifecycle reload. Resolves when ready. */
export async function startPrometheus(o: ServiceOptions & { retention?: string }): Promise<Child> {
  const child = new Child({
    name: 'prometheus',
    command: requireBinary('prometheus'),
    args: [
      `--config.file=${o.config}`,
      `--storage.tsdb.path=${o.dataDir}`,
      `--storage.tsdb.retention.time=${o.retention ?? '30d'}`,
      `--web.listen-address=${o.listen}`,
      '--web.enable-lifecycle',
    ],
    logFile: join(o.logDir, 'prometheus.log'),
    onLine: o.onLine,
  });
  await waitHttpOk(`http://${o.listen}/-/ready`, { child, timeoutMs: 30_000 });
  return child;
}
