// API errors as PVE reports them: status, reason phrase and (PVE ≥ 8.3) a `message` field.

export interface PveErrorOptions {
  /** Per-parameter errors for 400 (`{"errors": {...}}`). */
  errors?: Record<string, string>;
  /** pveproxy answers some errors (401, 595 proxy failures) with an empty body. */
  emptyBody?: boolean;
}

export class PveHttpError extends Error {
  override name = 'PveHttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly options: PveErrorOptions = {},
  ) {
    super(message);
  }
}

export const permissionDenied = (path: string, privilege: string): PveHttpError =>
  new PveHttpError(403, `Permission check failed (${path}, ${privilege})`);
