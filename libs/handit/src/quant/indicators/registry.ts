import { OhlcvSeries } from '../candles';
import { bbands, atr } from './volatility';
import { cci, macd, roc, rsi, stoch, willr } from './momentum';
import { ema, sma, wma } from './moving-averages';
import { Series } from './series';
import { adx } from './trend';
import { mfi, obv } from './volume';

export interface IndicatorParamSpec {
  name: string;
  type: 'integer' | 'number';
  default: number;
  /** Inclusive bounds. */
  min: number;
  max: number;
  description: string;
}

export type IndicatorParams = Record<string, number>;

export interface IndicatorDefinition {
  name: string;
  description: string;
  /** The candle fields the indicator reads. */
  inputs: (keyof OhlcvSeries)[];
  params: IndicatorParamSpec[];
  /** Output series names; single-output indicators use `value`. */
  outputs: string[];
  /** Leading nulls of each output (the warm-up), for resolved params. */
  warmup(params: IndicatorParams): Record<string, number>;
  /** Parameter to name when there are too few candles (the longest look-back), if any. */
  lookbackParam?: string;
  /** Cross-parameter rules, e.g. macd fast < slow: returns [param, message] pairs. */
  check?(params: IndicatorParams): [string, string][];
  compute(s: OhlcvSeries, params: IndicatorParams): Record<string, Series>;
}

/** Upper bound of every period: keeps the O(n·period) CCI and the warm-ups sensible. */
export const MAX_PERIOD = 1000;

const period = (def: number, description = 'look-back in candles', min = 1): IndicatorParamSpec => ({
  name: 'period',
  type: 'integer',
  default: def,
  min,
  max: MAX_PERIOD,
  description,
});

const int = (name: string, def: number, description: string, min = 1): IndicatorParamSpec => ({
  name,
  type: 'integer',
  default: def,
  min,
  max: MAX_PERIOD,
  description,
});

const all = (outputs: string[], w: number): Record<string, number> => Object.fromEntries(outputs.map((o) => [o, w]));

const DEFINITIONS: IndicatorDefinition[] = [
  {
    name: 'sma',
    description: 'Simple moving average of close.',
    inputs: ['close'],
    params: [period(20)],
    outputs: ['value'],
    lookbackParam: 'period',
    warmup: (p) => ({ value: p.period - 1 }),
    compute: (s, p) => ({ value: sma(s.close, p.period) }),
  },
  {
    name: 'ema',
    description:
      'Exponential moving average of close, α = 2/(period+1), seeded with the SMA of the first period closes.',
    inputs: ['close'],
    params: [period(20)],
    outputs: ['value'],
    lookbackParam: 'period',
    warmup: (p) => ({ value: p.period - 1 }),
    compute: (s, p) => ({ value: ema(s.close, p.period) }),
  },
  {
    name: 'wma',
    description: 'Linearly weighted moving average of close (weights 1…period, newest heaviest).',
    inputs: ['close'],
    params: [period(20)],
    outputs: ['value'],
    lookbackParam: 'period',
    warmup: (p) => ({ value: p.period - 1 }),
    compute: (s, p) => ({ value: wma(s.close, p.period) }),
  },
  {
    name: 'rsi',
    description: "Relative Strength Index with Wilder's smoothing (first average = mean of the first period changes).",
    inputs: ['close'],
    params: [period(14)],
    outputs: ['value'],
    lookbackParam: 'period',
    warmup: (p) => ({ value: p.period }),
    compute: (s, p) => ({ value: rsi(s.close, p.period) }),
  },
  {
    name: 'macd',
    description:
      'MACD: EMA(fast) − EMA(slow) of close; signal = EMA(signal) of the MACD line; histogram = macd − signal.',
    inputs: ['close'],
    params: [
      int('fast', 12, 'fast EMA period'),
      int('slow', 26, 'slow EMA period (greater than fast)', 2),
      int('signal', 9, 'signal EMA period'),
    ],
    outputs: ['macd', 'signal', 'histogram'],
    lookbackParam: 'slow',
    check: (p) => (p.fast >= p.slow ? [['fast', `must be less than slow (${p.slow})`]] : []),
    warmup: (p) => ({ macd: p.slow - 1, signal: p.slow + p.signal - 2, histogram: p.slow + p.signal - 2 }),
    compute: (s, p) => {
      const r = macd(s.close, p.fast, p.slow, p.signal);
      return { macd: r.macd, signal: r.signal, histogram: r.histogram };
    },
  },
  {
    name: 'bbands',
    description:
      'Bollinger Bands: middle = SMA(period); upper/lower = middle ± stddev × population standard deviation.',
    inputs: ['close'],
    params: [
      period(20, 'look-back in candles', 2),
      {
        name: 'stddev',
        type: 'number',
        default: 2,
        min: 0.1,
        max: 10,
        description: 'band width in standard deviations',
      },
    ],
    outputs: ['lower', 'middle', 'upper'],
    lookbackParam: 'period',
    warmup: (p) => all(['lower', 'middle', 'upper'], p.period - 1),
    compute: (s, p) => {
      const r = bbands(s.close, p.period, p.stddev);
      return { lower: r.lower, middle: r.middle, upper: r.upper };
    },
  },
  {
    name: 'atr',
    description: 'Average true range, Wilder smoothing; the first value is the mean true range of candles 2…period+1.',
    inputs: ['high', 'low', 'close'],
    params: [period(14)],
    outputs: ['value'],
    lookbackParam: 'period',
    warmup: (p) => ({ value: p.period }),
    compute: (s, p) => ({ value: atr(s.high, s.low, s.close, p.period) }),
  },
  {
    name: 'stoch',
    description:
      'Slow stochastic: fast %K over kPeriod smoothed by an SMA of kSlowing gives %K; %D = SMA(dPeriod) of %K.',
    inputs: ['high', 'low', 'close'],
    params: [
      int('kPeriod', 14, 'look-back of the highest high / lowest low'),
      int('kSlowing', 3, 'SMA smoothing of fast %K (1 = fast stochastic)'),
      int('dPeriod', 3, 'SMA period of %D'),
    ],
    outputs: ['k', 'd'],
    lookbackParam: 'kPeriod',
    warmup: (p) => ({ k: p.kPeriod + p.kSlowing - 2, d: p.kPeriod + p.kSlowing + p.dPeriod - 3 }),
    compute: (s, p) => {
      const r = stoch(s.high, s.low, s.close, p.kPeriod, p.kSlowing, p.dPeriod);
      return { k: r.k, d: r.d };
    },
  },
  {
    name: 'adx',
    description: 'Average directional index, Wilder: smoothed DX, first value the mean of the first period DX values.',
    inputs: ['high', 'low', 'close'],
    params: [period(14)],
    outputs: ['value'],
    lookbackParam: 'period',
    warmup: (p) => ({ value: 2 * p.period - 1 }),
    compute: (s, p) => ({ value: adx(s.high, s.low, s.close, p.period) }),
  },
  {
    name: 'obv',
    description: 'On-balance volume, 0 on the first candle.',
    inputs: ['close', 'volume'],
    params: [],
    outputs: ['value'],
    warmup: () => ({ value: 0 }),
    compute: (s) => ({ value: obv(s.close, s.volume) }),
  },
  {
    name: 'cci',
    description:
      'Commodity channel index: (TP − SMA(TP)) / (0.015 × mean absolute deviation), TP = (high+low+close)/3.',
    inputs: ['high', 'low', 'close'],
    params: [period(20, 'look-back in candles', 2)],
    outputs: ['value'],
    lookbackParam: 'period',
    warmup: (p) => ({ value: p.period - 1 }),
    compute: (s, p) => ({ value: cci(s.high, s.low, s.close, p.period) }),
  },
  {
    name: 'willr',
    description: 'Williams %R, −100…0.',
    inputs: ['high', 'low', 'close'],
    params: [period(14)],
    outputs: ['value'],
    lookbackParam: 'period',
    warmup: (p) => ({ value: p.period - 1 }),
    compute: (s, p) => ({ value: willr(s.high, s.low, s.close, p.period) }),
  },
  {
    name: 'roc',
    description: 'Rate of change in percent: 100 × (close − close[period ago]) / close[period ago].',
    inputs: ['close'],
    params: [period(10)],
    outputs: ['value'],
    lookbackParam: 'period',
    warmup: (p) => ({ value: p.period }),
    compute: (s, p) => ({ value: roc(s.close, p.period) }),
  },
  {
    name: 'mfi',
    description:
      'Money flow index over period candles (typical price × volume, positive/negative by typical-price change).',
    inputs: ['high', 'low', 'close', 'volume'],
    params: [period(14)],
    outputs: ['value'],
    lookbackParam: 'period',
    warmup: (p) => ({ value: p.period }),
    compute: (s, p) => ({ value: mfi(s.high, s.low, s.close, s.volume, p.period) }),
  },
];

/** The indicator registry, by name. */
export const INDICATORS: Readonly<Record<string, IndicatorDefinition>> = Object.freeze(
  Object.fromEntries(DEFINITIONS.map((d) => [d.name, d])),
);

export const INDICATOR_NAMES: readonly string[] = DEFINITIONS.map((d) => d.name);

export function getIndicator(name: string): IndicatorDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(INDICATORS, name) ? INDICATORS[name] : undefined;
}

/** Candles needed for at least one value of every output: the longest warm-up + 1. */
export function minCandles(def: IndicatorDefinition, params: IndicatorParams): number {
  return Math.max(0, ...Object.values(def.warmup(params))) + 1;
}
