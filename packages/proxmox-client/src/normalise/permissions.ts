// `/access/permissions`: `{ "<acl path>": { "<privilege>": 0|1 } }` where 1 = propagates to
// sub-paths.
import type { Permissions } from '../types.js';
import { toBoolean } from './primitives.js';

export function normalisePermissions(raw: Record<string, Record<string, unknown>>): Permissions {
  const paths: Permissions['paths'] = {};
  for (const [path, privileges] of Object.entries(raw)) {
    const grants: Record<string, { propagate: boolean }> = {};
    for (const [privilege, value] of Object.entries(privileges)) {
      grants[privilege] = { propagate: toBoolean(value) };
    }
    paths[path] = grants;
  }
  return { paths };
}

function parentPaths(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  const parents: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) parents.push('/' + parts.slice(0, i).join('/'));
  return parents;
}

/**
 * True if `privilege` applies at `path`: granted on the path itself, or on an ancestor with
 * propagation (e.g. `VM.Audit` on `/` with propagate covers `/vms/100`).
 */
export function hasPrivilege(permissions: Permissions, path: string, privilege: string): boolean {
  const normalised =
    '/' +
    path
      .split('/')
      .filter((p) => p !== '')
      .join('/');
  if (permissions.paths[normalised]?.[privilege] !== undefined) return true;
  return parentPaths(normalised).some(
    (parent) => permissions.paths[parent]?.[privilege]?.propagate === true,
  );
}
