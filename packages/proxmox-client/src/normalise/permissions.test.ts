import { describe, expect, it } from 'vitest';
import { permissionsSchema } from '../schemas.js';
import { hasPrivilege, normalisePermissions } from './permissions.js';

describe('permissions', () => {
  const perms = normalisePermissions(
    permissionsSchema.parse({
      '/': { 'Sys.Audit': 1, 'VM.Audit': 1 },
      '/pool/dev': { 'Pool.Audit': 0 },
      '/vms/100': { 'VM.Monitor': 0 },
    }),
  );
  it('maps 1/0 to propagate', () => {
    expect(perms.paths['/']?.['Sys.Audit']).toEqual({ propagate: true });
    expect(perms.paths['/pool/dev']?.['Pool.Audit']).toEqual({ propagate: false });
  });
  it('resolves inherited, exact and non-propagated grants', () => {
    expect(hasPrivilege(perms, '/vms/100', 'VM.Audit')).toBe(true);
    expect(hasPrivilege(perms, '/vms/100', 'VM.Monitor')).toBe(true);
    expect(hasPrivilege(perms, '/vms/101', 'VM.Monitor')).toBe(false);
    expect(hasPrivilege(perms, '/pool/dev/sub', 'Pool.Audit')).toBe(false);
    expect(hasPrivilege(perms, '/', 'Sys.Modify')).toBe(false);
  });
});
