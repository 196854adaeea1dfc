import type { ErrorCode } from '../core/errors/error-codes';

/** What any thrown value means to a client: a code from the closed set and what to tell them. */
export interface ClassifiedError {
  code: ErrorCode;
  status: number;
  message: string;
  details?: unknown;
  headers?: Record<string, string>;
  /** False for bugs and unknown failures: logged at error level with the stack. */
  expected: boolean;
}

export abstract class BaseErrorHandler {
  abstract classify(exception: unknown): ClassifiedError;
}
