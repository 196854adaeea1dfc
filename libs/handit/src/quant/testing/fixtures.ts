/**
 * Test fixtures for the quant engines (used by *.spec.ts only): a seeded pseudo-random candle
 * generator and naive, obviously-correct O(n·period) reference implementations.
 */
import { Candle } from '../candles';

/** Park–Miller minimal standard generator: deterministic across platforms. */
export function seededRandom(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/** A random walk of valid candles starting at `start`, one per day from 2024-01-01. */
export function randomCandles(n: number, seed = 42, start = 100): Candle[] {
  const rnd = seededRandom(seed);
  const out: Candle[] = [];
  let price = start;
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const open = price;
    price = price * (1 + (rnd() - 0.5) * 0.04);
    const close = price;
    const high = Math.max(open, close) * (1 + rnd() * 0.01);
    const low = Math.min(open, close) * (1 - rnd() * 0.01);
    out.push({ time: t0 + i * 86_400_000, open, high, low, close, volume: Math.round(1000 + rnd() * 9000) });
  }
  return out;
}

/** Compare two series value by value (nulls must coincide), to `digits` decimals. */
export function expectSeriesClose(
  actual: readonly (number | null)[],
  expected: readonly (number | null)[],
  digits = 8,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e === null || e === undefined) {
      if (a !== null) throw new Error(`index ${i}: expected null, got ${a}`);
    } else {
      if (a === null) throw new Error(`index ${i}: expected ${e}, got null`);
      if (Math.abs(a - e) > 0.5 * 10 ** -digits * Math.max(1, Math.abs(e))) {
        throw new Error(`index ${i}: expected ${e}, got ${a}`);
      }
    }
  }
}

/** Left-pads a library result (which omits the warm-up) with nulls to `n` values. */
export function padLeft<T>(values: readonly T[], n: number): (T | null)[] {
  return [...new Array<null>(n - values.length).fill(null), ...values];
}

export function naiveSma(values: readonly number[], p: number): (number | null)[] {
  return values.map((_, i) => {
    if (i < p - 1) return null;
    let s = 0;
    for (let j = i - p + 1; j <= i; j++) s += values[j];
    return s / p;
  });
}

export function naiveWma(values: readonly number[], p: number): (number | null)[] {
  return values.map((_, i) => {
    if (i < p - 1) return null;
    let s = 0;
    for (let j = 0; j < p; j++) s += (j + 1) * values[i - p + 1 + j];
    return s / ((p * (p + 1)) / 2);
  });
}

export function naivePopStd(values: readonly number[], p: number): (number | null)[] {
  const m = naiveSma(values, p);
  return values.map((_, i) => {
    if (i < p - 1) return null;
    let s = 0;
    for (let j = i - p + 1; j <= i; j++) s += (values[j] - (m[i] as number)) ** 2;
    return Math.sqrt(s / p);
  });
}

// StockCharts' RSI worked example ("cs-rsi" spreadsheet, 14-period RSI with Wilder smoothing):
// closes and the published RSI values, rounded to 2 decimals. The unit spec and the task e2e both
// check against it.
export const STOCKCHARTS_CLOSES = [
  44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328, 45.614,
  46.282, 46.282, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515, 45.7835, 45.3548,
  44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
];
export const STOCKCHARTS_RSI = [
  70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.3,
  33.08, 37.77,
];
