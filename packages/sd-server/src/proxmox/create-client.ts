import { ProxmoxClient, type ProxmoxClientOptions } from '@pvemon/proxmox-client';
import type { Logger } from 'pino';
import type { ResolvedCluster } from '../config/load.js';

/** Client options for a configured cluster (token auth, TLS trust, timeouts, limits). */
export function clientOptions(c: ResolvedCluster, logger?: Logger): ProxmoxClientOptions {
  const log = logger?.child({ cluster: c.name, component: 'proxmox-client' });
  return {
    endpoints: [...c.endpoints],
    auth: { type: 'token', tokenId: c.tokenId, secret: c.tokenSecret },
    tls: {
      ...(c.ca ? { ca: c.ca } : {}),
      ...(c.tls.fingerprints.length > 0 ? { fingerprints: c.tls.fingerprints } : {}),
      insecure: c.tls.insecure,
    },
    timeouts: { requestMs: c.requestTimeout * 1000, agentMs: c.agentTimeout * 1000 },
    concurrency: {
      perNode: c.perNodeConcurrency,
      // Per-guest calls go to the guest's own node's endpoint when known, else the least busy
      // one, so each pveproxy carries its share of maxConcurrency rather than all of it.
      perEndpoint: Math.max(
        c.perNodeConcurrency,
        Math.ceil(c.maxConcurrency / Math.max(1, c.endpoints.length)),
      ),
      spread: true,
    },
    ...(log
      ? {
          logger: {
            debug: (o: object, m?: string) => log.debug(o, m),
            info: (o: object, m?: string) => log.info(o, m),
            warn: (o: object, m?: string) => log.warn(o, m),
            error: (o: object, m?: string) => log.error(o, m),
          },
        }
      : {}),
    userAgent: 'pvemon-sd/0.1.0',
  };
}

export function createProxmoxClient(c: ResolvedCluster, logger?: Logger): ProxmoxClient {
  return new ProxmoxClient(clientOptions(c, logger));
}
