/**
 * Series helpers shared by the indicators.
 *
 * A {@link Series} has exactly one entry per candle; `null` marks the warm-up, where the indicator
 * is not yet defined. Every helper here is linear in the number of values.
 */
export type Series = (number | null)[];

/** A series of `n` nulls. */
export function nulls(n: number): Series {
  return new Array<number | null>(n).fill(null);
}

/** Index of the first non-null value, or `values.length` when there is none. */
export function firstDefined(values: readonly (number | null)[]): number {
  for (let i = 0; i < values.length; i++) if (values[i] !== null) return i;
  return values.length;
}

/**
 * Sums of the trailing window of `period` values, defined from `start + period - 1` on.
 * A running sum is used (O(1) per step) and recomputed exactly every `period` steps so that
 * floating-point drift cannot accumulate over long series (amortised O(1)).
 */
export function rollingSum(values: readonly (number | null)[], period: number, start = 0): Series {
  const n = values.length;
  const out = nulls(n);
  if (period < 1 || n - start < period) return out;
  let sum = 0;
  for (let i = start; i < start + period; i++) sum += values[i] as number;
  out[start + period - 1] = sum;
  for (let i = start + period, k = 1; i < n; i++, k++) {
    if (k % period === 0) {
      sum = 0;
      for (let j = i - period + 1; j <= i; j++) sum += values[j] as number;
    } else {
      sum += (values[i] as number) - (values[i - period] as number);
    }
    out[i] = sum;
  }
  return out;
}

/**
 * Simple moving average of a series that may start with nulls (e.g. the MACD line): the average
 * of the last `period` values, defined from `first defined + period - 1` on.
 */
export function smaOf(values: readonly (number | null)[], period: number): Series {
  const sums = rollingSum(values, period, firstDefined(values));
  for (let i = 0; i < sums.length; i++) if (sums[i] !== null) sums[i] = (sums[i] as number) / period;
  return sums;
}

/**
 * Exponential moving average with α = 2 / (period + 1).
 * Seeding: the first EMA value is the simple average of the first `period` values (at index
 * `first defined + period - 1`); afterwards EMAₜ = EMAₜ₋₁ + α·(xₜ − EMAₜ₋₁). This is the
 * definition used by TA-Lib's EMA and by most charting packages; a series seeded with the first
 * price instead (pandas `adjust=False`, trading-signals) differs during the first few periods.
 */
export function emaOf(values: readonly (number | null)[], period: number): Series {
  const n = values.length;
  const out = nulls(n);
  const start = firstDefined(values);
  if (period < 1 || n - start < period) return out;
  const alpha = 2 / (period + 1);
  let e = 0;
  for (let i = start; i < start + period; i++) e += values[i] as number;
  e /= period;
  out[start + period - 1] = e;
  for (let i = start + period; i < n; i++) {
    e += alpha * ((values[i] as number) - e);
    out[i] = e;
  }
  return out;
}

/**
 * Wilder's smoothing ("RMA", α = 1/period) seeded with the simple average of the first `period`
 * values: Sₜ = (Sₜ₋₁·(period − 1) + xₜ) / period.
 */
export function wilderOf(values: readonly (number | null)[], period: number): Series {
  const n = values.length;
  const out = nulls(n);
  const start = firstDefined(values);
  if (period < 1 || n - start < period) return out;
  let s = 0;
  for (let i = start; i < start + period; i++) s += values[i] as number;
  s /= period;
  out[start + period - 1] = s;
  for (let i = start + period; i < n; i++) {
    s = (s * (period - 1) + (values[i] as number)) / period;
    out[i] = s;
  }
  return out;
}

/**
 * Highest value of each trailing window of `period` values (monotonic deque, O(n)).
 * Defined from index `period - 1`.
 */
export function rollingMax(values: readonly number[], period: number): Series {
  return rollingExtreme(values, period, (a, b) => a >= b);
}

/** Lowest value of each trailing window of `period` values (monotonic deque, O(n)). */
export function rollingMin(values: readonly number[], period: number): Series {
  return rollingExtreme(values, period, (a, b) => a <= b);
}

function rollingExtreme(
  values: readonly number[],
  period: number,
  dominates: (a: number, b: number) => boolean,
): Series {
  const n = values.length;
  const out = nulls(n);
  if (period < 1) return out;
  const dq = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    while (tail > head && dominates(values[i], values[dq[tail - 1]])) tail--;
    dq[tail++] = i;
    if (dq[head] <= i - period) head++;
    if (i >= period - 1) out[i] = values[dq[head]];
  }
  return out;
}

/**
 * True range: max(high − low, |high − previous close|, |low − previous close|). The first bar has no
 * previous close, so its true range is high − low.
 */
export function trueRange(high: readonly number[], low: readonly number[], close: readonly number[]): number[] {
  const n = high.length;
  const tr = new Array<number>(n);
  if (n === 0) return tr;
  tr[0] = high[0] - low[0];
  for (let i = 1; i < n; i++) {
    const pc = close[i - 1];
    tr[i] = Math.max(high[i] - low[i], Math.abs(high[i] - pc), Math.abs(low[i] - pc));
  }
  return tr;
}
