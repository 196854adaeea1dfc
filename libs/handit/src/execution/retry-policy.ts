import type { HanditSettings } from '@app/infrastructure';
import { TaskExecutionError } from '../tasks/task-errors';
import type { Task, TaskError } from '../tasks/task.types';

/** Full-jitter exponential backoff: uniform in [0, min(max, base × 2^(attempt−1))]. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * random());
}

/** The stored error of a failed attempt, and whether another attempt may help. */
export function toTaskError(err: unknown): TaskError & { retryable: boolean } {
  if (err instanceof TaskExecutionError)
    return {
      code: err.code,
      message: err.message,
      retryable: err.retryable,
      ...(err.details ? { details: err.details } : {}),
    };
  // A crashed worker thread or any unexpected failure: worth another attempt, message kept generic.
  return { code: 'EXECUTION_ERROR', message: 'The model failed unexpectedly', retryable: true };
}

/** The wait before the next attempt after `error`, or undefined when the task has failed for good. */
export function retryDelayMs(
  task: Task,
  error: { retryable: boolean },
  settings: Pick<HanditSettings, 'retryBaseDelayMs' | 'retryMaxDelayMs'>,
): number | undefined {
  if (!error.retryable || task.attempts >= task.options.maxAttempts) return undefined;
  return backoffDelay(task.attempts, settings.retryBaseDelayMs, settings.retryMaxDelayMs);
}
