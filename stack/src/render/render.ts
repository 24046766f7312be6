import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { CONFIG_FILES, stackDir } from '../paths.js';
import { COMPOSE_ADDRESSES, COMPOSE_PATHS, type AddressName, type PathName } from './addresses.js';

export interface RenderOptions {
  /** Replacement for each Compose address token. */
  readonly addresses: Readonly<Record<AddressName, string>>;
  /** Replacement for each in-container path (absolute, ending in `/`). */
  readonly paths: Readonly<Record<PathName, string>>;
  /** Alertmanager: send email without STARTTLS/AUTH (a local SMTP sink). */
  readonly plainSmtp?: boolean;
  /** Alertmanager: group_wait 1s / group_interval 5s everywhere (demo and tests, not production). */
  readonly fastTimings?: boolean;
  /** Prometheus: http_sd refresh_interval (the shipped 30s otherwise), e.g. `5s` in tests. */
  readonly sdRefresh?: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Replaces the template tokens (addresses, then paths, most specific first) in one file's text. */
export function renderText(text: string, options: RenderOptions): string {
  let out = text;
  for (const name of Object.keys(COMPOSE_ADDRESSES) as AddressName[]) {
    const token = new RegExp(`(?<![\\w.-])${escape(COMPOSE_ADDRESSES[name])}(?![\\w])`, 'g');
    out = out.replace(token, options.addresses[name]);
  }
  const byLength = (Object.keys(COMPOSE_PATHS) as PathName[]).sort(
    (a, b) => COMPOSE_PATHS[b].length - COMPOSE_PATHS[a].length,
  );
  // Single pass so a replacement is never matched again by a shorter token.
  const pathToken = new RegExp(byLength.map((n) => escape(COMPOSE_PATHS[n])).join('|'), 'g');
  out = out.replace(pathToken, (hit) => {
    const name = byLength.find((n) => COMPOSE_PATHS[n] === hit);
    return name ? options.paths[name] : hit;
  });
  return out;
}

function eachRoute(route: unknown, visit: (r: YAMLMap) => void): void {
  if (!isMap(route)) return;
  visit(route);
  const children = route.get('routes');
  if (isSeq(children)) for (const child of children.items) eachRoute(child, visit);
}

/** Renders alertmanager.yml: tokens, then the structural options. */
export function renderAlertmanager(text: string, options: RenderOptions): string {
  const doc = parseDocument(renderText(text, options));
  if (options.plainSmtp) {
    doc.setIn(['global', 'smtp_require_tls'], false);
    doc.deleteIn(['global', 'smtp_auth_username']);
    doc.deleteIn(['global', 'smtp_auth_password_file']);
  }
  if (options.fastTimings) {
    eachRoute(doc.get('route'), (r) => {
      if (r.has('group_wait') || r === doc.get('route')) {
        r.set('group_wait', r.get('group_wait') === '0s' ? '0s' : '1s');
      }
      if (r.has('group_interval') || r === doc.get('route')) r.set('group_interval', '5s');
    });
  }
  return doc.toString({ lineWidth: 0 });
}

/** Renders prometheus.yml: tokens, then the SD refresh interval when asked. */
export function renderPrometheus(text: string, options: RenderOptions): string {
  const out = renderText(text, options);
  if (!options.sdRefresh) return out;
  if (!/^\d+(ms|s|m)$/.test(options.sdRefresh)) {
    throw new Error(`sdRefresh must be a duration such as 5s or 1m (got "${options.sdRefresh}")`);
  }
  return out.replace(/(\brefresh_interval: )30s\b/g, `$1${options.sdRefresh}`);
}

export interface RenderedFiles {
  readonly prometheus: string;
  readonly pipelineRules: string;
  readonly alertmanager: string;
}

/** Renders the shipped files for `options` (read from stack/, never modified). */
export function renderStack(options: RenderOptions, dir: string = stackDir()): RenderedFiles {
  const read = (rel: string): string => readFileSync(join(dir, rel), 'utf8');
  return {
    prometheus: renderPrometheus(read(CONFIG_FILES.prometheus), options),
    pipelineRules: renderText(read(CONFIG_FILES.pipelineRules), options),
    alertmanager: renderAlertmanager(read(CONFIG_FILES.alertmanager), options),
  };
}

export interface WrittenConfig {
  readonly prometheusConfig: string;
  readonly alertmanagerConfig: string;
  readonly fileSdDir: string;
  readonly secretsDir: string;
}

/**
 * The layout a rendered config expects under `outDir` (paths.prometheusDir etc. must point into it,
 * see `layoutPaths`), written with the rendered files.
 */
export function writeRendered(outDir: string, options: RenderOptions): WrittenConfig {
  const files = renderStack(options);
  const promDir = join(outDir, 'prometheus');
  const amDir = join(outDir, 'alertmanager');
  const fileSdDir = join(promDir, 'file_sd');
  const secretsDir = join(outDir, 'secrets');
  for (const d of [promDir, amDir, fileSdDir, secretsDir]) mkdirSync(d, { recursive: true });
  const prometheusConfig = join(promDir, 'prometheus.yml');
  const alertmanagerConfig = join(amDir, 'alertmanager.yml');
  writeFileSync(prometheusConfig, files.prometheus);
  writeFileSync(join(promDir, 'pipeline.rules.yml'), files.pipelineRules);
  writeFileSync(alertmanagerConfig, files.alertmanager);
  return { prometheusConfig, alertmanagerConfig, fileSdDir, secretsDir };
}

/** Paths for a rendered tree in `outDir`; the rule files stay where @pvemon/rules wrote them. */
export function layoutPaths(outDir: string, rulesDir: string): Record<PathName, string> {
  const slash = (p: string): string => (p.endsWith('/') ? p : `${p}/`);
  return {
    prometheusDir: slash(join(outDir, 'prometheus')),
    rulesDir: slash(rulesDir),
    fileSdDir: slash(join(outDir, 'prometheus', 'file_sd')),
    secretsDir: slash(join(outDir, 'secrets')),
  };
}
