import { PLUGIN_BASE_URL } from '../constants';

/** Absolute app URL of a route slug. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
