import { CodedFailure } from '@app/infrastructure';

/**
 * Failure of one attempt. `retryable` decides whether the queue tries again (with backoff);
 * input errors and unknown models are not retryable, provider hiccups and crashed workers are.
 */
export class TaskExecutionError extends CodedFailure {
  override readonly name = 'TaskExecutionError';
}

/** Thrown when an attempt is stopped by its timeout (status timed_out, not retried). */
export class TaskTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Task attempt exceeded its timeout of ${timeoutMs} ms`);
    this.name = 'TaskTimeoutError';
  }
}

/** Thrown when an attempt is stopped because the task was cancelled. */
export class TaskCancelledError extends Error {
  constructor() {
    super('Task was cancelled');
    this.name = 'TaskCancelledError';
  }
}
