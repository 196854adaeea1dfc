import { Series, emaOf, nulls, smaOf } from './series';

/** Simple moving average: mean of the last `period` values; null for the first `period − 1`. */
export function sma(values: readonly number[], period: number): Series {
  return smaOf(values, period);
}

/**
 * Exponential moving average, α = 2/(period + 1), seeded with the SMA of the first `period`
 * values (first value at index period − 1). See {@link emaOf}.
 */
export function ema(values: readonly number[], period: number): Series {
  return emaOf(values, period);
}

/**
 * Linearly weighted moving average: weights 1…period, the newest value weighted `period`,
 * divided by period·(period + 1)/2. Null for the first `period − 1` values.
 *
 * Linear time: the weighted sum is updated as Wₜ = Wₜ₋₁ + period·xₜ − Sₜ₋₁ (Sₜ₋₁ the plain sum of
 * the previous window) and both sums are recomputed exactly every `period` steps.
 */
export function wma(values: readonly number[], period: number): Series {
  const n = values.length;
  const out = nulls(n);
  if (period < 1 || n < period) return out;
  const denom = (period * (period + 1)) / 2;
  let w = 0;
  let s = 0;
  const recompute = (end: number): void => {
    w = 0;
    s = 0;
    for (let j = 0; j < period; j++) {
      const x = values[end - period + 1 + j];
      w += (j + 1) * x;
      s += x;
    }
  };
  recompute(period - 1);
  out[period - 1] = w / denom;
  for (let i = period, k = 1; i < n; i++, k++) {
    if (k % period === 0) recompute(i);
    else {
      w += period * values[i] - s;
      s += values[i] - values[i - period];
    }
    out[i] = w / denom;
  }
  return out;
}
