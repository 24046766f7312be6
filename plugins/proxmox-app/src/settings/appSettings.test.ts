import { DEFAULT_JOBS } from '@pvemon/rules';
import { jobNameError, resolveSettings } from './appSettings';

describe('app settings', () => {
  it('defaults to the rules package job names', () => {
    expect(resolveSettings(undefined).jobs).toEqual(DEFAULT_JOBS);
  });
  it('takes configured jobs, drops unusable ones and trims the sd-server URL', () => {
    const s = resolveSettings({
      jobs: { pve: 'proxmox', node: 'bad"job' },
      sdServerUrl: 'http://sd:9999/',
      datasourceUid: '',
    });
    expect(s.jobs.pve).toBe('proxmox');
    expect(s.jobs.node).toBe(DEFAULT_JOBS.node);
    expect(s.sdServerUrl).toBe('http://sd:9999');
    expect(s.datasourceUid).toBeUndefined();
  });
  it('explains bad job names', () => {
    expect(jobNameError('')).toMatch(/required/);
    expect(jobNameError('a"b')).toMatch(/quotes/);
    expect(jobNameError('guests')).toBeUndefined();
  });
});
