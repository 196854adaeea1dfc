import type { Backoff } from '../scheduler.types';

/** Delay before the attempt after `failedAttempt` (1-based): fixed, or doubling up to maxDelayMs. */
export function backoffDelay(backoff: Backoff, failedAttempt: number): number {
  const raw = backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** Math.max(0, failedAttempt - 1);
  return Math.min(raw, backoff.maxDelayMs);
}
