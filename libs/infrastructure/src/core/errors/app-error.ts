import { ErrorCode, statusOf } from './error-codes';

/** One offending field: a dotted/indexed path (e.g. `candles[3].high`) and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
  value?: unknown;
}

/**
 * The one error type domain code throws. The global filter turns it into the error envelope
 * with the code's fixed HTTP status. `headers` lets an error carry e.g. `Retry-After`.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusOf(code);
  }

  static validation(problems: FieldProblem[], message?: string): AppError {
    const first = problems[0];
    return new AppError(
      'VALIDATION_FAILED',
      message ?? (first ? `${first.field}: ${first.message}` : 'Validation failed'),
      { fields: problems },
    );
  }

  static notFound(resource: string, id: string): AppError {
    return new AppError('NOT_FOUND', `${resource} '${id}' not found`, { resource, id });
  }
}
