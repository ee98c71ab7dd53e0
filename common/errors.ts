// Errors that cross the contract keep a machine-readable code, so the renderer can
// react (e.g. show "not built yet" differently from "invalid argument").
export type ApiErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_OPERATION'
  | 'NOT_IMPLEMENTED'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'INTERNAL';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An error's message, or the thrown value as text. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
