// Runtime validation of `data` payloads: a malformed body becomes a typed error naming the path
// and the failing field, instead of a TypeError deep inside a caller.
import { ProxmoxInvalidResponseError, type ResponseIssue } from './errors.js';
import type { SafeParseLike } from './types.js';

/** `[3, 'vmid']` → `[3].vmid` */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(data)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

export interface ValidationContext {
  method: string;
  path: string;
  endpoint: string;
  node?: string;
}

export function validate<T>(
  schema: { safeParse(input: unknown): SafeParseLike<T> },
  data: unknown,
  context: ValidationContext,
): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues: ResponseIssue[] = result.error.issues.slice(0, 10).map((issue) => ({
    field: formatIssuePath(issue.path),
    message: issue.message,
  }));
  const summary = issues
    .slice(0, 3)
    .map((i) => `${i.field}: ${i.message}`)
    .join('; ');
  const more = result.error.issues.length > 3 ? ` (+${result.error.issues.length - 3} more)` : '';
  throw new ProxmoxInvalidResponseError(
    `Invalid response from ${context.method} ${context.path} via ${context.endpoint}: ${summary}${more}`,
    {
      path: context.path,
      endpoint: context.endpoint,
      ...(context.node === undefined ? {} : { node: context.node }),
      issues,
    },
  );
}
