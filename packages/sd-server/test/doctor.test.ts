import { startSimulator, type Simulator } from '@pvemon/pve-simulator';
import { afterAll, describe, expect, it } from 'vitest';
import { doctorCluster } from '../src/cli/doctor.js';
import { resolveConfig, type ResolvedCluster } from '../src/config/load.js';
import { createProxmoxClient } from '../src/proxmox/create-client.js';

const sims: Simulator[] = [];
afterAll(async () => Promise.all(sims.map((s) => s.close())));

async function doctor(
  pveVersion: number,
  token: 'auditor' | 'agent' | 'restricted',
): Promise<{ text: string; ok: boolean }> {
  const sim = await startSimulator({ nodes: 2, guests: 20, authDelayMs: 0, pveVersion });
  sims.push(sim);
  const t = sim.tokens[token];
  const cfg = resolveConfig(
    {
      clusters: [
        {
          name: 'lab',
          endpoints: [sim.url],
          tokenId: t.id,
          tokenSecret: t.secret,
          tls: { caFile: sim.ca.path },
        },
      ],
    },
    'test',
  );
  const cluster = cfg.clusters[0] as ResolvedCluster;
  const r = await doctorCluster(cluster, createProxmoxClient(cluster), cfg.secrets);
  const text = r.lines.join('\n');
  expect(text).not.toContain(t.secret);
  return { text, ok: r.ok };
}

describe('pvemon-sd doctor against the simulator', () => {
  it('PVE 9 + PVEAuditor: everything ok', async () => {
    const r = await doctor(9, 'auditor');
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/effective privileges/);
    expect(r.text).toMatch(/VM\.GuestAgent\.Audit/);
    expect(r.text).not.toMatch(/\[(FAIL|WARN)\]/);
  });

  it('PVE 8 + PVEAuditor: guest-agent IPs need VM.Monitor, with the pveum fix', async () => {
    const r = await doctor(8, 'auditor');
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/\[WARN\] guest-agent IPs \(PVE 8\)/);
    expect(r.text).toMatch(/missing: VM\.Monitor on \/vms/);
    expect(r.text).toContain(
      "pveum acl modify /vms --roles PVEMonAgent --tokens 'pvemon@pve!agent'".replace(
        'agent',
        'monitor',
      ),
    );
  });

  it('PVE 8 + PVEAuditor + VM.Monitor: ok', async () => {
    const r = await doctor(8, 'agent');
    expect(r.text).not.toMatch(/\[(FAIL|WARN)\]/);
  });

  it('a token without rights on /: inventory fails with PVEAuditor commands', async () => {
    const r = await doctor(9, 'restricted');
    expect(r.ok).toBe(false);
    expect(r.text).toMatch(/\[FAIL\] inventory/);
    expect(r.text).toContain(
      "pveum acl modify / --roles PVEAuditor --tokens 'restricted@pve!pvemon'",
    );
  });
});
