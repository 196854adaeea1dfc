/**
 * Delay before attempt `attempts + 1`: `baseMs · 2^(attempts − 1)`, capped at `maxMs`, with up to
 * a quarter of jitter, so the receivers of a burst of failures are not retried in lockstep.
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random) {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.75 + 0.25 * random()));
}
