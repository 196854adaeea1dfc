import { AppError, type ProviderBreaker } from '@app/infrastructure';
import { TaskExecutionError } from '../tasks/task-errors';

/** Provider faults open a circuit: retryable failures (5xx, timeouts, refused connections) and broken answers. */
export function isProviderFault(err: Error): boolean {
  if (!(err instanceof TaskExecutionError)) return false;
  return err.retryable || err.code === 'MODEL_RESPONSE_INVALID';
}

/**
 * A provider call through its circuit. While the circuit is open the attempt fails at once with
 * PROVIDER_UNAVAILABLE (not retried: the task would only wait out the same open circuit).
 */
export async function throughBreaker<T>(breaker: ProviderBreaker, call: () => Promise<T>): Promise<T> {
  try {
    return await breaker.execute(call);
  } catch (err) {
    if (err instanceof AppError && err.code === 'PROVIDER_UNAVAILABLE')
      throw new TaskExecutionError('PROVIDER_UNAVAILABLE', err.message, false, err.details);
    throw err;
  }
}
