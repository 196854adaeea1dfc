import { AppError, CodedFailure } from '@app/infrastructure';
import type { RunError } from '../runs/run.types';

/** Codes a retry cannot fix: retrying them only repeats the failure. */
const NEVER_RETRIED = new Set([
  'VALIDATION_FAILED',
  'CYCLE_LIMIT_EXCEEDED',
  'CANCELLED',
  'SHUTDOWN',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'HALTED',
  'RISK_LIMIT_BREACHED',
  'APPROVAL_EXPIRED',
]);

/** A node's failure as the runner and the retry policy see it: a code, and whether a retry may help. */
export class NodeFailure extends CodedFailure {
  override readonly name = 'NodeFailure';
  /** The node key it happened in; set by the node runtime. */
  node?: string;

  static from(error: unknown): NodeFailure {
    if (error instanceof NodeFailure) return error;
    if (error instanceof AppError)
      return new NodeFailure(
        error.code,
        error.message,
        !NEVER_RETRIED.has(error.code) && error.status >= 500,
        error.details,
      );
    const message = error instanceof Error ? error.message : String(error);
    return new NodeFailure('NODE_ERROR', message, true);
  }

  toRunError(node: string): RunError {
    return {
      code: this.code,
      message: this.message,
      node,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** The retry policy's `retryOn`: the node's list of codes when it has one, else any retryable failure. */
export function retryOn(codes?: string[]): (error: unknown) => boolean {
  return (error) => {
    const failure = NodeFailure.from(error);
    if (NEVER_RETRIED.has(failure.code)) return false;
    return codes ? codes.includes(failure.code) : failure.retryable;
  };
}
