import { Series, emaOf, nulls, rollingMax, rollingMin, smaOf } from './series';

/**
 * Relative Strength Index with Wilder's smoothing (Wilder 1978; TA-Lib; StockCharts):
 * changes dₜ = closeₜ − closeₜ₋₁ for t ≥ 1; the first average gain / loss (at index `period`)
 * is the plain mean of the gains / losses of changes 1…period, then
 * avgₜ = (avgₜ₋₁·(period − 1) + currentₜ) / period. RSI = 100 − 100/(1 + avgGain/avgLoss).
 * When avgLoss = 0 the RSI is 100 (50 when avgGain is 0 as well: no movement at all).
 * Null for the first `period` values.
 */
export function rsi(close: readonly number[], period: number): Series {
  const n = close.length;
  const out = nulls(n);
  if (period < 1 || n <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = close[i] - close[i - 1];
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  out[period] = rsiValue(gain, loss);
  for (let i = period + 1; i < n; i++) {
    const d = close[i] - close[i - 1];
    gain = (gain * (period - 1) + (d > 0 ? d : 0)) / period;
    loss = (loss * (period - 1) + (d < 0 ? -d : 0)) / period;
    out[i] = rsiValue(gain, loss);
  }
  return out;
}

function rsiValue(gain: number, loss: number): number {
  if (loss === 0) return gain === 0 ? 50 : 100;
  return 100 - 100 / (1 + gain / loss);
}

export interface Macd {
  macd: Series;
  signal: Series;
  histogram: Series;
}

/**
 * MACD (Appel): macd = EMA(fast) − EMA(slow) of close, signal = EMA(signal) of the macd line,
 * histogram = macd − signal. Each EMA is seeded with the SMA of its own first `period` inputs
 * (see emaOf), so the macd line starts at index slow − 1 and signal/histogram at
 * slow + signal − 2. (TA-Lib instead delays the fast EMA's seed to line up with the slow one;
 * the two agree after the first few values.) Requires fast < slow.
 */
export function macd(close: readonly number[], fast: number, slow: number, signal: number): Macd {
  const n = close.length;
  const f = emaOf(close, fast);
  const s = emaOf(close, slow);
  const line = nulls(n);
  for (let i = 0; i < n; i++) {
    const a = f[i];
    const b = s[i];
    if (a !== null && b !== null) line[i] = a - b;
  }
  const sig = emaOf(line, signal);
  const histogram = nulls(n);
  for (let i = 0; i < n; i++) {
    const a = line[i];
    const b = sig[i];
    if (a !== null && b !== null) histogram[i] = a - b;
  }
  return { macd: line, signal: sig, histogram };
}

export interface Stochastic {
  k: Series;
  d: Series;
}

/**
 * Slow stochastic oscillator (Lane):
 * fast %K = 100·(close − lowest low) / (highest high − lowest low) over `kPeriod` bars
 * (50 when the range is 0: the close is then both the high and the low);
 * %K = SMA(kSlowing) of fast %K; %D = SMA(dPeriod) of %K. kSlowing = 1 gives the fast stochastic.
 * %K is null for the first kPeriod + kSlowing − 2 values, %D for kPeriod + kSlowing + dPeriod − 3.
 */
export function stoch(
  high: readonly number[],
  low: readonly number[],
  close: readonly number[],
  kPeriod: number,
  kSlowing: number,
  dPeriod: number,
): Stochastic {
  const n = close.length;
  const hh = rollingMax(high, kPeriod);
  const ll = rollingMin(low, kPeriod);
  const fastK = nulls(n);
  for (let i = 0; i < n; i++) {
    const h = hh[i];
    const l = ll[i];
    if (h === null || l === null) continue;
    fastK[i] = h === l ? 50 : (100 * (close[i] - l)) / (h - l);
  }
  const k = smaOf(fastK, kSlowing);
  const d = smaOf(k, dPeriod);
  return { k, d };
}

/**
 * Williams %R: −100·(highest high − close) / (highest high − lowest low) over `period` bars, in
 * −100…0 (−50 when the range is 0). Null for the first `period − 1` values.
 */
export function willr(
  high: readonly number[],
  low: readonly number[],
  close: readonly number[],
  period: number,
): Series {
  const n = close.length;
  const hh = rollingMax(high, period);
  const ll = rollingMin(low, period);
  const out = nulls(n);
  for (let i = 0; i < n; i++) {
    const h = hh[i];
    const l = ll[i];
    if (h === null || l === null) continue;
    out[i] = h === l ? -50 : (100 * (close[i] - h)) / (h - l);
  }
  return out;
}

/**
 * Rate of change in percent: 100·(closeₜ − closeₜ₋ₚ) / closeₜ₋ₚ. Null for the first `period`
 * values, and where closeₜ₋ₚ is 0 (undefined ratio).
 */
export function roc(close: readonly number[], period: number): Series {
  const n = close.length;
  const out = nulls(n);
  for (let i = period; i < n; i++) {
    const base = close[i - period];
    if (base !== 0) out[i] = (100 * (close[i] - base)) / base;
  }
  return out;
}

/**
 * Commodity Channel Index (Lambert): typical price TP = (high + low + close)/3,
 * CCI = (TP − SMA(TP)) / (0.015 · mean absolute deviation of TP from that SMA), over `period` bars;
 * 0 when the mean deviation is 0. Null for the first `period − 1` values.
 * The mean absolute deviation needs a pass over the window, so this one is O(n·period); the period
 * is bounded by the registry.
 */
export function cci(high: readonly number[], low: readonly number[], close: readonly number[], period: number): Series {
  const n = close.length;
  const tp = new Array<number>(n);
  for (let i = 0; i < n; i++) tp[i] = (high[i] + low[i] + close[i]) / 3;
  const mean = smaOf(tp, period);
  const out = nulls(n);
  for (let i = period - 1; i < n; i++) {
    const m = mean[i] as number;
    let dev = 0;
    for (let j = i - period + 1; j <= i; j++) dev += Math.abs(tp[j] - m);
    dev /= period;
    out[i] = dev === 0 ? 0 : (tp[i] - m) / (0.015 * dev);
  }
  return out;
}
