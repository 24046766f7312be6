/**
 * The template variables of the stack's configuration files. The files are written for Compose:
 * each address is a Compose service name with its in-network port, each path the in-container
 * path. Rendering for another environment replaces exactly these tokens, so the files are never
 * forked. A test checks that every `service:port` in the files is listed here.
 */
export type AddressName =
  'prometheus' | 'alertmanager' | 'sdServer' | 'pveExporter' | 'alertReceiver' | 'smtpRelay';

/** The token as written in the files (Compose service name and port). */
export const COMPOSE_ADDRESSES: Readonly<Record<AddressName, string>> = {
  prometheus: 'prometheus:9090',
  alertmanager: 'alertmanager:9093',
  sdServer: 'sd-server:9710',
  pveExporter: 'pve-exporter:9221',
  alertReceiver: 'alert-receiver:9095',
  // Not a Compose service: your SMTP relay. Edit alertmanager.yml for production.
  smtpRelay: 'smtp-relay:587',
};

/** Native defaults: loopback, non-default ports so a packaged Prometheus on :9090 never clashes. */
export const NATIVE_ADDRESSES: Readonly<Record<AddressName, string>> = {
  prometheus: '127.0.0.1:19090',
  alertmanager: '127.0.0.1:19093',
  sdServer: '127.0.0.1:19710',
  pveExporter: '127.0.0.1:19221',
  alertReceiver: '127.0.0.1:19095',
  smtpRelay: '127.0.0.1:19025',
};

/** In-container paths the files reference (Compose mounts), by role. */
export type PathName = 'prometheusDir' | 'rulesDir' | 'fileSdDir' | 'secretsDir';

export const COMPOSE_PATHS: Readonly<Record<PathName, string>> = {
  prometheusDir: '/etc/prometheus/',
  rulesDir: '/etc/prometheus/rules/',
  fileSdDir: '/etc/prometheus/file_sd/',
  secretsDir: '/run/secrets/',
};

/** Environment variables that override a native address (documented in scripts/stack.sh --help). */
export const ADDRESS_ENV: Readonly<Record<AddressName, string>> = {
  prometheus: 'PVEMON_PROMETHEUS_ADDR',
  alertmanager: 'PVEMON_ALERTMANAGER_ADDR',
  sdServer: 'PVEMON_SD_ADDR',
  pveExporter: 'PVEMON_PVE_EXPORTER_ADDR',
  alertReceiver: 'PVEMON_ALERT_RECEIVER_ADDR',
  smtpRelay: 'PVEMON_SMTP_ADDR',
};

const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** Native addresses with environment overrides applied; a malformed one is a clear error. */
export function nativeAddresses(
  env: Record<string, string | undefined> = process.env,
): Record<AddressName, string> {
  const out = { ...NATIVE_ADDRESSES };
  for (const name of Object.keys(ADDRESS_ENV) as AddressName[]) {
    const value = env[ADDRESS_ENV[name]];
    if (value === undefined || value === '') continue;
    const m = HOST_PORT.exec(value);
    if (!m || Number(m[2]) > 65535) {
      throw new Error(
        `${ADDRESS_ENV[name]}="${value}" is not HOST:PORT (e.g. 127.0.0.1:${NATIVE_ADDRESSES[name].split(':')[1]})`,
      );
    }
    out[name] = value;
  }
  return out;
}
