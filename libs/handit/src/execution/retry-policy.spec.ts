import { TaskExecutionError } from '../tasks/task-errors';
import type { Task } from '../tasks/task.types';
import { backoffDelay, retryDelayMs, toTaskError } from './retry-policy';

describe('retry policy', () => {
  const settings = { retryBaseDelayMs: 500, retryMaxDelayMs: 30_000 };
  const task = (attempts: number, maxAttempts: number) => ({ attempts, options: { maxAttempts } }) as Task;

  it('backs off with full jitter: uniform below base × 2^(attempt−1), capped at the maximum', () => {
    expect(backoffDelay(1, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(2000);
    expect(backoffDelay(3, 500, 30_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(10, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(4, 500, 30_000, () => 0)).toBe(0);
  });

  it('keeps a model error as it is, and hides an unexpected one behind a retryable EXECUTION_ERROR', () => {
    const provider = new TaskExecutionError('PROVIDER_ERROR', 'down', true, { status: 503 });
    expect(toTaskError(provider)).toEqual({
      code: 'PROVIDER_ERROR',
      message: 'down',
      retryable: true,
      details: { status: 503 },
    });
    expect(toTaskError(new TaskExecutionError('INVALID_INPUT', 'bad', false))).toEqual({
      code: 'INVALID_INPUT',
      message: 'bad',
      retryable: false,
    });
    expect(toTaskError(new Error('worker crashed at 0x0'))).toEqual({
      code: 'EXECUTION_ERROR',
      message: 'The model failed unexpectedly',
      retryable: true,
    });
  });

  it('retries a retryable failure while attempts remain, never a final one', () => {
    expect(retryDelayMs(task(1, 3), { retryable: true }, settings)).toEqual(expect.any(Number));
    expect(retryDelayMs(task(1, 3), { retryable: true }, settings)).toBeLessThanOrEqual(500);
    expect(retryDelayMs(task(3, 3), { retryable: true }, settings)).toBeUndefined();
    expect(retryDelayMs(task(1, 3), { retryable: false }, settings)).toBeUndefined();
  });
});
