import type { ResolvedConfig } from '../config/load.js';

/** A secret-free summary of a valid configuration, for `pvemon-sd check-config`. */
export function describeConfig(config: ResolvedConfig): string[] {
  const lines = [
    `listen ${config.listen.host}:${config.listen.port}, refresh every ${config.refreshInterval}s, ` +
      `bearer auth ${config.bearerToken ? 'on' : 'off'}`,
  ];
  for (const c of config.clusters) {
    const trust = c.tls.insecure
      ? 'INSECURE (no verification)'
      : c.tls.fingerprints.length > 0
        ? `${c.tls.fingerprints.length} pinned fingerprint(s)`
        : c.ca
          ? `CA ${c.tls.caFile}`
          : 'system CAs';
    lines.push(
      `cluster ${c.name}: ${c.endpoints.join(', ')} as ${c.tokenId}; TLS ${trust}; ` +
        `ports windows=${c.ports.windows} linux=${c.ports.linux} lxc=${c.ports.lxc}; ` +
        `config TTL ${c.configTtl}s, address TTL ${c.addressTtl}s` +
        (c.allowLoopback ? '; loopback addresses ALLOWED' : ''),
    );
  }
  return lines;
}
