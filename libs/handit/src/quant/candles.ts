import { Problem, isFiniteNumber } from './problems';

/**
 * One OHLCV bar. `time` is the bar's open time: epoch milliseconds (or seconds — any consistent
 * numeric unit) or an ISO-8601 string. All candles of one request must use the same kind.
 */
export interface Candle {
  time: number | string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Column view of a candle array, the form every indicator works on. */
export interface OhlcvSeries {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export interface CandleValidationOptions {
  /** Path prefix used in problem fields. Default `candles`. */
  field?: string;
  /** Stop after this many problems (a 20,000-candle payload can otherwise produce a huge list). */
  maxProblems?: number;
  /** Minimum number of candles. Default 1. */
  minLength?: number;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

/**
 * Largest price magnitude and volume accepted. Indicators square prices and multiply them by
 * volumes, summed over up to 50,000 candles; within these bounds every such sum stays far below
 * the largest double (1.8e308), beyond them (prices × 1e306) it overflows to Infinity, which JSON
 * would turn into `null`. Such input is refused rather than computed.
 */
export const MAX_PRICE_MAGNITUDE = 1e100;
export const MAX_VOLUME = 1e100;

/** 1e100 rather than 1 followed by 100 zeros in messages. */
function exponent(value: number): string {
  return value.toExponential().replace('e+', 'e');
}

function timeKey(t: unknown): number | undefined {
  if (isFiniteNumber(t)) return t;
  if (typeof t === 'string' && t.trim() !== '') {
    const ms = Date.parse(t);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/**
 * Validates a candle array and returns the problems found (empty when valid):
 * - every price is a finite number within ±MAX_PRICE_MAGNITUDE, volume one in [0, MAX_VOLUME];
 * - high ≥ low, high ≥ open and close, low ≤ open and close;
 * - `time` is a finite number or a parseable ISO-8601 string, the same kind throughout;
 * - times strictly increase (an equal time is reported as a duplicate, a smaller one as unsorted).
 */
export function validateCandles(candles: unknown, opts: CandleValidationOptions = {}): Problem[] {
  const field = opts.field ?? 'candles';
  const max = opts.maxProblems ?? 50;
  const problems: Problem[] = [];
  if (!Array.isArray(candles)) {
    return [{ field, message: 'must be an array of candles' }];
  }
  const minLength = opts.minLength ?? 1;
  if (candles.length < minLength) {
    problems.push({ field, message: `must contain at least ${minLength} candle(s) (got ${candles.length})` });
  }
  let prevTime: number | undefined;
  let timeKind: 'number' | 'string' | undefined;
  for (let i = 0; i < candles.length && problems.length < max; i++) {
    const path = `${field}[${i}]`;
    const c: unknown = candles[i];
    if (c === null || typeof c !== 'object' || Array.isArray(c)) {
      problems.push({ field: path, message: 'must be an object {time, open, high, low, close, volume}' });
      prevTime = undefined;
      continue;
    }
    const o = c as Record<string, unknown>;
    let pricesOk = true;
    for (const k of PRICE_FIELDS) {
      const price = o[k];
      if (!isFiniteNumber(price)) {
        const message = price === undefined ? 'is required' : 'must be a finite number';
        problems.push({ field: `${path}.${k}`, message });
        pricesOk = false;
      } else if (Math.abs(price) > MAX_PRICE_MAGNITUDE) {
        problems.push({ field: `${path}.${k}`, message: `must be within ±${exponent(MAX_PRICE_MAGNITUDE)}` });
        pricesOk = false;
      }
    }
    if (!isFiniteNumber(o.volume)) {
      problems.push({
        field: `${path}.volume`,
        message: o.volume === undefined ? 'is required' : 'must be a finite number',
      });
    } else if (o.volume < 0) {
      problems.push({ field: `${path}.volume`, message: 'must not be negative' });
    } else if (o.volume > MAX_VOLUME) {
      problems.push({ field: `${path}.volume`, message: `must be at most ${exponent(MAX_VOLUME)}` });
    }
    if (pricesOk) {
      const { open, high, low, close } = o as unknown as Candle;
      if (high < low) problems.push({ field: `${path}.high`, message: `high (${high}) is below low (${low})` });
      else {
        if (high < open) problems.push({ field: `${path}.high`, message: `high (${high}) is below open (${open})` });
        else if (high < close)
          problems.push({ field: `${path}.high`, message: `high (${high}) is below close (${close})` });
        if (low > open) problems.push({ field: `${path}.low`, message: `low (${low}) is above open (${open})` });
        else if (low > close)
          problems.push({ field: `${path}.low`, message: `low (${low}) is above close (${close})` });
      }
    }
    const t = o.time;
    const key = timeKey(t);
    if (key === undefined) {
      problems.push({
        field: `${path}.time`,
        message: t === undefined ? 'is required' : 'must be a finite number or an ISO-8601 date-time string',
      });
      prevTime = undefined;
      continue;
    }
    const kind = typeof t === 'number' ? 'number' : 'string';
    if (timeKind === undefined) timeKind = kind;
    else if (kind !== timeKind) {
      problems.push({ field: `${path}.time`, message: `must be a ${timeKind} like the first candle's time` });
      prevTime = undefined;
      continue;
    }
    if (prevTime !== undefined) {
      if (key === prevTime)
        problems.push({ field: `${path}.time`, message: `duplicate time (same as ${field}[${i - 1}])` });
      else if (key < prevTime)
        problems.push({ field: `${path}.time`, message: `times must increase: earlier than ${field}[${i - 1}]` });
    }
    prevTime = key;
  }
  return problems;
}

/**
 * Requires at least `required` candles, naming the parameter that needs them, e.g.
 * `requireMinCandles(30, 35, 'indicators[2].slow', 'macd(12,26,9) needs 35 candles')`.
 */
export function requireMinCandles(count: number, required: number, field: string, reason?: string): Problem[] {
  if (count >= required) return [];
  return [
    {
      field,
      message: `${reason ?? `needs at least ${required} candles`}; got ${count}`,
    },
  ];
}

/** Splits a (validated) candle array into columns. Linear time. */
export function toSeries(candles: readonly Candle[]): OhlcvSeries {
  const n = candles.length;
  const s: OhlcvSeries = {
    open: new Array<number>(n),
    high: new Array<number>(n),
    low: new Array<number>(n),
    close: new Array<number>(n),
    volume: new Array<number>(n),
  };
  for (let i = 0; i < n; i++) {
    const c = candles[i];
    s.open[i] = c.open;
    s.high[i] = c.high;
    s.low[i] = c.low;
    s.close[i] = c.close;
    s.volume[i] = c.volume;
  }
  return s;
}
