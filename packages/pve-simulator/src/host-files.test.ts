import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeQemuServerConfigs } from './qemu-server-configs.js';
import { startSimulator, type Simulator } from './simulator.js';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvemon-sim-files-'));
  sim = await startSimulator({
    guests: 20,
    authDelayMs: 0,
    tlsSans: ['pve-simulator', '10.9.8.7'],
  });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('writeQemuServerConfigs', () => {
  it("writes the node's qemu guests as PVE <vmid>.conf files", () => {
    const node = sim.model.guest(102)?.node ?? '';
    const out = writeQemuServerConfigs(sim, dir, node);
    expect(out).toBe(join(dir, node, 'qemu-server'));
    const expected = sim.model
      .guests()
      .filter((g) => g.type === 'qemu' && g.node === node)
      .map((g) => `${g.vmid}.conf`)
      .sort();
    expect(readdirSync(out).sort()).toEqual(expected);
    const text = readFileSync(join(out, '102.conf'), 'utf8');
    expect(text).toMatch(/^hostpci0: 0000:81:00\.4,mdev=nvidia-63$/m);
    expect(text).toMatch(/^smbios1: uuid=[0-9a-f-]{36}$/m);
  });

  it('names the bad node', () => {
    expect(() => writeQemuServerConfigs(sim, dir, 'nope')).toThrow(/nope/);
  });
});

describe('tlsSans', () => {
  it('adds the extra names to the node certificates', async () => {
    const url = new URL(sim.url);
    const cert = await new Promise<string>((resolve, reject) => {
      const socket = connect(
        { host: url.hostname, port: Number(url.port), rejectUnauthorized: false },
        () => {
          resolve(socket.getPeerX509Certificate()?.subjectAltName ?? '');
          socket.end();
        },
      );
      socket.once('error', reject);
    });
    expect(cert).toContain('DNS:pve-simulator');
    expect(cert).toContain('IP Address:10.9.8.7');
  });

  it('rejects a malformed name with the option named', async () => {
    await expect(startSimulator({ tlsSans: ['bad name'] })).rejects.toThrow(/tlsSans\[0\]/);
  });
});
