import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type ClusterConfig, type SdConfig, type SdConfigInput } from './schema.js';

/** A configuration problem, already phrased for the operator (field, what is wrong, the fix). */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly source: string,
  ) {
    super(`invalid configuration (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A cluster with its secret and CA read from files: what the discovery engine runs with. */
export interface ResolvedCluster extends ClusterConfig {
  readonly tokenSecret: string;
  /** PEM contents of tls.caFile. */
  readonly ca?: string;
}

export interface ResolvedConfig extends Omit<SdConfig, 'clusters' | 'auth'> {
  readonly clusters: readonly ResolvedCluster[];
  readonly bearerToken?: string;
  /** Every secret value, so log and error scrubbing can remove them. */
  readonly secrets: readonly string[];
}

type Env = Record<string, string | undefined>;

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)),
    '',
  );
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = formatPath(issue.path) || '(top level)';
    if (issue.code === 'unrecognized_keys')
      return `${where}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')} — check the spelling against the README's config reference`;
    if (issue.code === 'invalid_type' && issue.input === undefined)
      return `${where}: required (${issue.expected}) but missing`;
    return `${where}: ${issue.message}`;
  });
}

function readSecretFile(path: string, field: string, problems: string[]): string | undefined {
  try {
    const value = readFileSync(path, 'utf8').trim();
    if (!value) problems.push(`${field}: file ${path} is empty`);
    return value || undefined;
  } catch (err) {
    problems.push(
      `${field}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
    return undefined;
  }
}

function truthy(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  return /^(1|true|yes|on)$/i.test(v);
}

/** The single-cluster configuration described by PVE_* environment variables. */
export function configFromEnv(env: Env): SdConfigInput {
  const cluster: Record<string, unknown> = {
    name: env.PVE_CLUSTER_NAME ?? 'pve',
    endpoints: (env.PVE_URL ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    tokenId: env.PVE_TOKEN_ID,
  };
  if (env.PVE_TOKEN_SECRET) cluster.tokenSecret = env.PVE_TOKEN_SECRET;
  if (env.PVE_TOKEN_SECRET_FILE) cluster.tokenSecretFile = env.PVE_TOKEN_SECRET_FILE;
  const tls: Record<string, unknown> = {};
  if (env.PVE_CA_FILE) tls.caFile = env.PVE_CA_FILE;
  if (env.PVE_FINGERPRINT) tls.fingerprints = env.PVE_FINGERPRINT.split(',').map((s) => s.trim());
  const insecure = truthy(env.PVE_INSECURE);
  if (insecure !== undefined) tls.insecure = insecure;
  cluster.tls = tls;
  const loopback = truthy(env.PVEMON_SD_ALLOW_LOOPBACK);
  if (loopback !== undefined) cluster.allowLoopback = loopback;
  const config: Record<string, unknown> = { clusters: [cluster] };
  return config as SdConfigInput;
}

/** Environment overrides that apply on top of a config file too. */
function applyGlobalEnv(input: Record<string, unknown>, env: Env): void {
  const auth = (input.auth ?? {}) as Record<string, unknown>;
  if (env.PVEMON_SD_BEARER_TOKEN) auth.bearerToken = env.PVEMON_SD_BEARER_TOKEN;
  if (env.PVEMON_SD_BEARER_TOKEN_FILE) auth.bearerTokenFile = env.PVEMON_SD_BEARER_TOKEN_FILE;
  input.auth = auth;
  if (env.PVEMON_SD_LISTEN) {
    const m = /^(.*):(\d+)$/.exec(env.PVEMON_SD_LISTEN);
    if (m) input.listen = { host: m[1]?.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
  }
  if (env.PVEMON_SD_LOG_LEVEL) input.logLevel = env.PVEMON_SD_LOG_LEVEL;
  if (env.PVEMON_SD_REFRESH_INTERVAL) {
    const n = Number(env.PVEMON_SD_REFRESH_INTERVAL);
    input.refreshInterval = Number.isFinite(n) ? n : env.PVEMON_SD_REFRESH_INTERVAL;
  }
}

/** Validates a parsed config object, reads secret and CA files, and returns it resolved. */
export function resolveConfig(input: unknown, source: string, env: Env = {}): ResolvedConfig {
  const raw = (input && typeof input === 'object' ? { ...input } : input) as Record<
    string,
    unknown
  >;
  if (raw && typeof raw === 'object') applyGlobalEnv(raw, env);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error), source);
  const cfg = parsed.data;
  const problems: string[] = [];
  const secrets: string[] = [];
  const clusters = cfg.clusters.map((c, i): ResolvedCluster => {
    const secret =
      c.tokenSecret ??
      readSecretFile(c.tokenSecretFile ?? '', `clusters[${i}].tokenSecretFile`, problems) ??
      '';
    if (secret) secrets.push(secret);
    let ca: string | undefined;
    if (c.tls.caFile) {
      try {
        ca = readFileSync(c.tls.caFile, 'utf8');
        if (!ca.includes('-----BEGIN CERTIFICATE-----'))
          problems.push(
            `clusters[${i}].tls.caFile: ${c.tls.caFile} is not a PEM certificate (copy /etc/pve/pve-root-ca.pem)`,
          );
      } catch (err) {
        problems.push(
          `clusters[${i}].tls.caFile: cannot read ${c.tls.caFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
    }
    return { ...c, tokenSecret: secret, ...(ca ? { ca } : {}) };
  });
  let bearerToken = cfg.auth.bearerToken;
  if (cfg.auth.bearerTokenFile)
    bearerToken = readSecretFile(cfg.auth.bearerTokenFile, 'auth.bearerTokenFile', problems);
  if (bearerToken) secrets.push(bearerToken);
  if (problems.length > 0) throw new ConfigError(problems, source);
  const { auth: _auth, clusters: _c, ...rest } = cfg;
  return { ...rest, clusters, ...(bearerToken ? { bearerToken } : {}), secrets };
}

/** Loads `--config FILE` (YAML) or, without a file, the PVE_* environment variables. */
export function loadConfig(file: string | undefined, env: Env = process.env): ResolvedConfig {
  if (!file) {
    if (!env.PVE_URL)
      throw new ConfigError(
        [
          'no configuration: pass --config FILE, or set PVE_URL, PVE_TOKEN_ID and PVE_TOKEN_SECRET (or PVE_TOKEN_SECRET_FILE)',
        ],
        'environment',
      );
    return resolveConfig(configFromEnv(env), 'environment', env);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      [`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`],
      file,
    );
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0)
    throw new ConfigError(
      doc.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`),
      file,
    );
  return resolveConfig(doc.toJS(), file, env);
}
