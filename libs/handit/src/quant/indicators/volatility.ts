import { Series, nulls, trueRange, wilderOf } from './series';

export interface BollingerBands {
  lower: Series;
  middle: Series;
  upper: Series;
}

/**
 * Bollinger Bands: middle = SMA(period) of close, upper/lower = middle ± stddev × σ, where σ is the
 * POPULATION standard deviation (divide by `period`) of the same window, as in Bollinger's
 * definition and TA-Lib. Null for the first `period − 1` values.
 *
 * Linear time: the window mean and sum of squared deviations (M2) are updated when a value enters
 * and one leaves (a sliding Welford update) and recomputed exactly every `period` steps.
 */
export function bbands(close: readonly number[], period: number, stddev: number): BollingerBands {
  const n = close.length;
  const lower = nulls(n);
  const middle = nulls(n);
  const upper = nulls(n);
  if (period < 1 || n < period) return { lower, middle, upper };
  let mean = 0;
  let m2 = 0;
  const recompute = (end: number): void => {
    mean = 0;
    for (let j = end - period + 1; j <= end; j++) mean += close[j];
    mean /= period;
    m2 = 0;
    for (let j = end - period + 1; j <= end; j++) m2 += (close[j] - mean) ** 2;
  };
  const emit = (i: number): void => {
    const sd = Math.sqrt(Math.max(0, m2) / period);
    middle[i] = mean;
    upper[i] = mean + stddev * sd;
    lower[i] = mean - stddev * sd;
  };
  recompute(period - 1);
  emit(period - 1);
  for (let i = period, k = 1; i < n; i++, k++) {
    if (k % period === 0) recompute(i);
    else {
      const xin = close[i];
      const xout = close[i - period];
      const newMean = mean + (xin - xout) / period;
      m2 += (xin - xout) * (xin - newMean + xout - mean);
      mean = newMean;
    }
    emit(i);
  }
  return { lower, middle, upper };
}

/**
 * Average true range with Wilder smoothing (TA-Lib convention): true ranges are taken from the
 * second bar on (the first bar has no previous close); ATR at index `period` is the mean of the
 * true ranges of bars 1…period, then ATRₜ = (ATRₜ₋₁·(period − 1) + TRₜ) / period.
 * Null for the first `period` values.
 */
export function atr(high: readonly number[], low: readonly number[], close: readonly number[], period: number): Series {
  const n = high.length;
  if (n < 2) return nulls(n);
  const tr: (number | null)[] = trueRange(high, low, close);
  tr[0] = null; // no previous close: excluded from the average
  return wilderOf(tr, period);
}
