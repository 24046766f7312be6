// Per-client TLS policy as an undici connector. Never touches process-global TLS settings.
//
// The handshake runs with rejectUnauthorized=false and the verdict is taken right after it, before
// undici writes the request: that way a failure can report the presented leaf's SHA-256 (so an
// operator can pin it), and pinning can accept a leaf regardless of chain and hostname — the
// same rule PVE applies between its own nodes.
import { createSecureContext, type TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import { ProxmoxTlsError } from './errors.js';
import { formatFingerprint, normaliseFingerprint, type ResolvedOptions } from './options.js';

export type TlsPolicy = ResolvedOptions['tls'];

export interface TlsVerdict {
  ok: boolean;
  reason?: string;
  fingerprint?: string;
}

/** Decides whether an established TLS socket may be used. */
export function judgeTlsSocket(socket: TLSSocket, policy: TlsPolicy): TlsVerdict {
  const cert = socket.getPeerCertificate();
  const presented =
    cert !== undefined && typeof cert.fingerprint256 === 'string'
      ? normaliseFingerprint(cert.fingerprint256)
      : undefined;
  const fingerprint = presented === undefined ? undefined : formatFingerprint(presented);
  if (policy.insecure) return { ok: true, fingerprint };
  if (presented !== undefined && policy.fingerprints.includes(presented)) {
    return { ok: true, fingerprint };
  }
  const pinsOnly = policy.fingerprints.length > 0 && policy.ca === undefined;
  if (pinsOnly) {
    return {
      ok: false,
      fingerprint,
      reason: presented === undefined ? 'NO_PEER_CERTIFICATE' : 'FINGERPRINT_MISMATCH',
    };
  }
  if (socket.authorized) return { ok: true, fingerprint };
  const authError = socket.authorizationError as unknown;
  const reason =
    authError instanceof Error
      ? ((authError as NodeJS.ErrnoException).code ?? authError.message)
      : String(authError ?? 'UNKNOWN');
  return { ok: false, fingerprint, reason };
}

function describe(verdict: TlsVerdict, host: string, policy: TlsPolicy): string {
  const presented = verdict.fingerprint ?? 'unavailable';
  const what =
    verdict.reason === 'FINGERPRINT_MISMATCH'
      ? `certificate of ${host} matches none of the ${policy.fingerprints.length} pinned fingerprint(s)`
      : `certificate of ${host} was rejected (${verdict.reason ?? 'unknown reason'})`;
  const hint =
    policy.fingerprints.length > 0
      ? 'if the certificate was renewed on purpose, add the new fingerprint to tls.fingerprints'
      : "trust the cluster CA with tls.ca (/etc/pve/pve-root-ca.pem) or pin the node's certificate with tls.fingerprints";
  return `TLS verification failed: ${what}. Presented SHA-256 fingerprint: ${presented} — ${hint}`;
}

export interface ConnectorOptions {
  policy: TlsPolicy;
  connectTimeoutMs: number;
}

/** Builds the undici `connect` function enforcing `policy`. */
export function createTlsConnector(options: ConnectorOptions): buildConnector.connector {
  const { policy } = options;
  const settings = {
    // One context for every connection: building it (parsing the CA) per handshake costs ~1 ms.
    secureContext: createSecureContext(policy.ca === undefined ? {} : { ca: policy.ca }),
    rejectUnauthorized: false,
    timeout: options.connectTimeoutMs,
    // Resumed sessions skip certificate checks; pinning must see every handshake.
    maxCachedSessions: policy.fingerprints.length > 0 ? 0 : 100,
    ...(policy.verifyHostname ? {} : { checkServerIdentity: () => undefined }),
  };
  // undici keys its TLS session cache by server name or host, not port: endpoints sharing a host
  // (or IP endpoints, which send no server name) would overwrite each other's sessions and lose
  // resumption. One connector (one session cache) per host:port keeps it.
  const connectors = new Map<string, buildConnector.connector>();
  const base: buildConnector.connector = (connectOptions, callback) => {
    const key = `${connectOptions.hostname}:${connectOptions.port}`;
    let connector = connectors.get(key);
    if (connector === undefined) {
      connector = buildConnector(settings);
      connectors.set(key, connector);
    }
    connector(connectOptions, callback);
  };
  return (connectOptions, callback) => {
    base(connectOptions, (error, socket) => {
      if (error !== null) {
        callback(error, null);
        return;
      }
      const tlsSocket = socket as TLSSocket;
      if (typeof tlsSocket.getPeerCertificate !== 'function') {
        callback(null, socket);
        return;
      }
      const verdict = judgeTlsSocket(tlsSocket, policy);
      if (verdict.ok) {
        callback(null, socket);
        return;
      }
      tlsSocket.destroy();
      const host = `${connectOptions.hostname}:${connectOptions.port}`;
      callback(
        new ProxmoxTlsError(describe(verdict, host, policy), {
          reason: verdict.reason ?? 'UNKNOWN',
          ...(verdict.fingerprint === undefined ? {} : { fingerprint: verdict.fingerprint }),
        }),
        null,
      );
    });
  };
}
