// README command 1's acceptance, measured: `pvemon-stack up --smoke` (what `npm start -- --smoke`
// runs) with the simulator's demo cluster exits 0 only when every scrape job has all targets up and
// no rule evaluation fails. Default cluster size (3 nodes, 40 guests), free ports, own address range.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDRESS_ENV, type AddressName } from '../src/render/addresses.js';
import { stackDir } from '../src/paths.js';
import { freeAddressOffset, freePort } from './helpers.js';

const JOBS = [
  'alertmanager',
  'guests',
  'nvidia-gpu',
  'prometheus',
  'pve',
  'pve-nodes',
  'pvemon-sd',
  'pvemon-vgpu',
];

describe('pvemon-stack up --smoke (demo cluster)', () => {
  it('exits 0 with every job all up and no rule errors', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PVE_URL: '',
      PVEMON_SIM_ADDRESS_OFFSET: String(await freeAddressOffset(3)),
      PVEMON_NODE_EXPORTER_ADDR: `127.0.0.1:${await freePort()}`,
    };
    for (const name of Object.keys(ADDRESS_ENV) as AddressName[]) {
      if (name === 'pveExporter') continue; // the simulator's
      env[ADDRESS_ENV[name]] = `127.0.0.1:${await freePort()}`;
    }
    const t0 = Date.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(stackDir(), 'src/cli.ts'), 'up', '--smoke'],
      { cwd: stackDir(), env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const killer = setTimeout(() => child.kill('SIGINT'), 150_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    console.log(`smoke: exit ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const table = output.slice(output.indexOf('Targets by job:'));
    console.log(table);
    expect(code, output).toBe(0);
    for (const job of JOBS) {
      expect(table, `${job} all up`).toMatch(
        new RegExp(`^  ${job}\\s+up\\s+[1-9]\\d*\\s+down\\s+0$`, 'm'),
      );
    }
    expect(table).not.toMatch(/down\s+[1-9]/);
    expect(table).toMatch(/^Rules: [1-9]\d* loaded, 0 with errors$/m);
  }, 180_000);
});
