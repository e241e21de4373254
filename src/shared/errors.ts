/**
 * One error type for the whole app: a code callers can branch on, a message a Jira admin can act on,
 * and context (tenant, endpoint, record) for the log. Context must never hold a secret.
 */
export type AppErrorCode =
  | 'SOURCE_UNAUTHORIZED' // 401/403 from a source: that source is partial, the rest of the sync goes on
  | 'SOURCE_THROTTLED' // retries exhausted on 429
  | 'SOURCE_UNAVAILABLE' // retries exhausted on 5xx or dropped connections
  | 'SOURCE_BAD_RESPONSE' // a payload that does not parse
  | 'ENTRA_AUTH_FAILED' // the token endpoint refused our client credentials
  | 'NOT_CONFIGURED'
  | 'FORBIDDEN'
  | 'INVALID_INPUT'
  | 'NOT_FOUND';

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly context: Readonly<Record<string, string | number | boolean | undefined>>;

  constructor(
    code: AppErrorCode,
    message: string,
    context: Record<string, string | number | boolean | undefined> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.context = context;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A message safe to show or store: AppError messages are written for people; anything else is summarised. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
