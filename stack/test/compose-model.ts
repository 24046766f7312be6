// The Compose model as Debian's docker-compose 1.29 resolves it (files merged, variables
// interpolated, relative paths made absolute), for tests that check the wiring semantically or
// replay a service natively.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoDir, stackDir } from '../src/paths.js';
import { requireBinary } from '../src/tools/binaries.js';
import { run } from '../src/tools/run.js';

export interface ResolvedService {
  image?: string;
  profiles?: string[];
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  networks?: Record<string, { aliases?: string[] } | null>;
  network_mode?: string;
  extra_hosts?: Record<string, string> | string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  secrets?: { source: string; target?: string }[];
  ports?: string[];
  build?: { context: string; dockerfile: string };
}

export interface ResolvedCompose {
  services: Record<string, ResolvedService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, unknown>;
  secrets?: Record<string, { file: string }>;
}

export const DEMO_FILES = ['compose.yaml', 'compose.demo.yaml'] as const;

/** The environment without the operator's own stack variables, so defaults are what is checked. */
export function composeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { COMPOSE_PROJECT_NAME: 'pvemon-test' };
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(PVE_|PVEMON_|COMPOSE_|PROMETHEUS_|GRAFANA_|ALERTMANAGER_|SMTP_)/.test(k)) env[k] = v;
  }
  return env;
}

/** `docker-compose -f … config` (1.29), parsed. */
export async function resolveCompose(
  files: readonly string[],
  profiles: readonly string[] = [],
): Promise<ResolvedCompose> {
  const args = [
    ...files.flatMap((f) => ['-f', join(stackDir(), f)]),
    ...profiles.flatMap((p) => ['--profile', p]),
    'config',
  ];
  const res = await run(requireBinary('dockerCompose'), args, {
    cwd: stackDir(),
    env: composeEnv(),
  });
  if (res.code !== 0) throw new Error(`docker-compose config failed:\n${res.stderr}`);
  return parse(res.stdout) as ResolvedCompose;
}

/** Services Compose starts with these profiles active (1.29's `config` lists all of them). */
export function enabledServices(
  c: ResolvedCompose,
  profiles: readonly string[] = [],
): Record<string, ResolvedService> {
  return Object.fromEntries(
    Object.entries(c.services).filter(
      ([, s]) => !s.profiles || s.profiles.some((p) => profiles.includes(p)),
    ),
  );
}

/** `host:container[:mode]` or `volume:container[:mode]` entries of a service, split. */
export function mounts(s: ResolvedService): { source: string; target: string; mode: string }[] {
  return (s.volumes ?? []).map((v) => {
    const [source = '', target = '', mode = 'rw'] = v.split(':');
    return { source, target, mode };
  });
}

/** extra_hosts as a name → address map (1.29 prints a map, Compose v2 a list). */
export function extraHosts(s: ResolvedService): Record<string, string> {
  const h = s.extra_hosts ?? {};
  if (!Array.isArray(h)) return h;
  return Object.fromEntries(h.map((e) => e.split(/[:=](.*)/s).slice(0, 2) as [string, string]));
}

/** The JSON-array ENTRYPOINT of a Dockerfile's final stage. */
export function dockerfileEntrypoint(dockerfile: string): string[] {
  const text = readFileSync(join(repoDir(), dockerfile), 'utf8');
  const lines = [...text.matchAll(/^ENTRYPOINT\s+(\[.*\])\s*$/gm)];
  const last = lines.at(-1)?.[1];
  if (!last) throw new Error(`${dockerfile}: no JSON ENTRYPOINT`);
  return JSON.parse(last) as string[];
}

/** `USER` and base image of a Dockerfile's final stage. */
export function dockerfileRuntime(dockerfile: string): {
  user?: string;
  from?: string;
  arg?: string;
} {
  const text = readFileSync(join(repoDir(), dockerfile), 'utf8');
  const stages = text.split(/^FROM\s+/m);
  const last = stages.at(-1) ?? '';
  return {
    from: last.split(/\s/)[0],
    user: /^USER\s+(\S+)/m.exec(last)?.[1],
    arg: /^ARG NODE_IMAGE=(\S+)/m.exec(text)?.[1],
  };
}

/**
 * Where an image's `/app/node_modules/@pvemon/<pkg>/…` (the Dockerfiles install the packed
 * workspace package there) lives in this repository: `packages/<pkg>/…`.
 */
export function imagePathInRepo(path: string): string {
  const m = /^\/app\/node_modules\/@pvemon\/([^/]+)\/(.*)$/.exec(path);
  if (!m) throw new Error(`${path} is not an installed @pvemon package path`);
  return join(repoDir(), 'packages', m[1] ?? '', m[2] ?? '');
}
