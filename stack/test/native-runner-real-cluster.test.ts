// The native runner with a "real" cluster configured through PVE_URL & co.: the simulator is NOT
// started by the runner; sd-server reads the PVE_* variables (token secret from a file, CA pinned).
// A separately started simulator plays the external cluster here.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@pvemon/pve-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_ENV, type AddressName } from '../src/render/addresses.js';
import { stackDir } from '../src/paths.js';
import { run } from '../src/tools/run.js';
import { freePort, tempDir } from './helpers.js';

describe('pvemon-stack up --smoke with PVE_URL (real-cluster mode)', () => {
  let sim: Simulator;
  let tmp: ReturnType<typeof tempDir>;
  const env: NodeJS.ProcessEnv = { ...process.env };

  beforeAll(async () => {
    tmp = tempDir('real');
    sim = await startSimulator({ nodes: 2, guests: 6, seed: 7, authDelayMs: 0 });
    const secretFile = join(tmp.path, 'token');
    writeFileSync(secretFile, `${sim.tokens.agent.secret}\n`, { mode: 0o600 });
    Object.assign(env, {
      PVE_URL: sim.endpoints.map((e) => e.url).join(','),
      PVE_TOKEN_ID: sim.tokens.agent.id,
      PVE_TOKEN_SECRET_FILE: secretFile,
      PVE_CA_FILE: sim.ca.path,
      PVE_CLUSTER_NAME: 'lab',
      PVEMON_SD_ALLOW_LOOPBACK: 'true', // the stand-in cluster's guests live on 127.x
    });
    for (const name of Object.keys(ADDRESS_ENV) as AddressName[]) {
      env[ADDRESS_ENV[name]] = `127.0.0.1:${await freePort()}`;
    }
    env.PVEMON_NODE_EXPORTER_ADDR = `127.0.0.1:${await freePort()}`;
  });
  afterAll(async () => {
    await sim?.close();
    tmp?.remove();
  });

  it('uses the configured cluster, discovers its guests and stops cleanly', async () => {
    const res = await run(
      process.execPath,
      ['--import', 'tsx', join(stackDir(), 'src/cli.ts'), 'up', '--smoke', '--sd-refresh', '3'],
      { cwd: stackDir(), env, timeoutMs: 120_000 },
    );
    const out = res.stdout + res.stderr;
    expect(out).toContain(`Proxmox: real cluster at ${env.PVE_URL} (simulator not started)`);
    expect(out).not.toContain('Proxmox: simulator');
    const guests = /guests\s+up\s+(\d+)\s+down\s+(\d+)/.exec(out);
    expect(Number(guests?.[1]) + Number(guests?.[2])).toBeGreaterThan(0); // discovered via PVE_URL
    expect(out).toMatch(/Rules: \d+ loaded, 0 with errors/);
    expect(out).toContain('[pvemon] stopped');
    expect(out).not.toContain(sim.tokens.agent.secret);
    // Exit 3 = everything ran but some targets are down (the stand-in has no exporters yet).
    expect([0, 3]).toContain(res.code);
  }, 130_000);
});
