import { describe, expect, it } from 'vitest';
import { resolvePveVersion } from './pve-version.js';

describe('resolvePveVersion', () => {
  it('maps majors and releases to their wire quirks', () => {
    const v9 = resolvePveVersion(9);
    expect(v9).toMatchObject({
      major: 9,
      lxcVmidString: false,
      qemuMemoryString: true,
      errorMessageField: true,
      agentPrivilege: 'VM.GuestAgent.Audit',
      pve9Fields: true,
    });
    const v8 = resolvePveVersion('8');
    expect(v8).toMatchObject({
      major: 8,
      agentPrivilege: 'VM.Monitor',
      qemuMemoryString: true,
      errorMessageField: true,
      pve9Fields: false,
    });
    expect(resolvePveVersion('8.0')).toMatchObject({
      version: '8.0.4',
      lxcVmidString: true,
      qemuMemoryString: false,
      errorMessageField: false,
      lxcInterfacesIpAddresses: false,
    });
    expect(resolvePveVersion('8.2.7')).toMatchObject({
      version: '8.2.7',
      errorMessageField: false,
      qemuMemoryString: true,
    });
    expect(resolvePveVersion('7.2-3')).toMatchObject({ version: '7.2-3', release: '7.2' });
    expect(resolvePveVersion('9').repoid).toMatch(/^[0-9a-f]{16}$/);
  });

  it('rejects anything else with the accepted forms', () => {
    expect(() => resolvePveVersion('6')).toThrow(/use 7, 8 or 9/);
    expect(() => resolvePveVersion('nine')).toThrow(/invalid PVE version "nine"/);
  });
});
