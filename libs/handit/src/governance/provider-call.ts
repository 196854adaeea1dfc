import type OpenAI from 'openai';
import { AppError, type ProviderBreaker } from '@app/infrastructure';
import { TaskExecutionError } from '../tasks/task-errors';
import type { TokenUsage } from '../tasks/task.types';

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

/** An OpenAI-compatible answer's token counts as a task records them; none when the endpoint sent none. */
export function tokenUsage(usage: OpenAI.CompletionUsage | null | undefined): TokenUsage | undefined {
  return usage
    ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, totalTokens: usage.total_tokens }
    : undefined;
}

/** Rate limits, request timeouts, server errors and no answer at all (status 0) are worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** PROVIDER_ERROR for an HTTP status a provider answered (0: the connection failed); `who` names the provider. */
export function providerStatusError(who: string, status: number): TaskExecutionError {
  return new TaskExecutionError(
    'PROVIDER_ERROR',
    `${who} answered ${status || 'with a connection error'}`,
    isRetryableStatus(status),
    { status },
  );
}
