import type { Problem } from './problems';

/**
 * Domain parameters per asset class: how returns are annualised, price increments, leverage and
 * the default indicator periods used when a request does not give them. Trading hours come from
 * the market calendars (models/asset-class-hours.ts), outside this pure, worker-thread code.
 */
export const ASSET_CLASSES = [
  'forex',
  'crypto',
  'equities',
  'commodities',
  'indices',
  'etfs',
  'futures',
  'bonds',
  'options',
] as const;

export type AssetClass = (typeof ASSET_CLASSES)[number];

export interface DefaultIndicatorPeriods {
  sma: number;
  ema: number;
  rsi: number;
  macd: { fast: number; slow: number; signal: number };
  bbands: { period: number; stddev: number };
  atr: number;
  stoch: { kPeriod: number; kSlowing: number; dPeriod: number };
  adx: number;
  /** Trend filter of the trading signal: fast EMA and slow SMA. */
  trendFast: number;
  trendSlow: number;
}

export interface AssetClassProfile {
  assetClass: AssetClass;
  /** Periods per year used to annualise daily statistics (√ppy for volatility). */
  periodsPerYear: number;
  /** Smallest quoted price increment for a typical instrument (a pip for forex, a tick otherwise). */
  tickSize: number;
  /** What the increment is called in this market. */
  tickName: 'pip' | 'tick' | 'cent' | 'basis point';
  /**
   * Maximum leverage for retail clients: the ESMA CFD limits (major FX 30:1; gold and major indices
   * 20:1; other commodities and futures 10:1; shares, ETFs, bonds and other 5:1; crypto 2:1);
   * 1 for options (bought outright).
   */
  maxLeverage: number;
  defaultPeriods: DefaultIndicatorPeriods;
}

const STANDARD_PERIODS: DefaultIndicatorPeriods = {
  sma: 20,
  ema: 20,
  rsi: 14,
  macd: { fast: 12, slow: 26, signal: 9 },
  bbands: { period: 20, stddev: 2 },
  atr: 14,
  stoch: { kPeriod: 14, kSlowing: 3, dPeriod: 3 },
  adx: 14,
  trendFast: 20,
  trendSlow: 50,
};

export const ASSET_CLASS_PROFILES: Readonly<Record<AssetClass, AssetClassProfile>> = {
  forex: {
    assetClass: 'forex',
    periodsPerYear: 260,
    tickSize: 0.0001,
    tickName: 'pip',
    maxLeverage: 30,
    defaultPeriods: STANDARD_PERIODS,
  },
  crypto: {
    assetClass: 'crypto',
    periodsPerYear: 365,
    tickSize: 0.01,
    tickName: 'tick',
    maxLeverage: 2,
    defaultPeriods: STANDARD_PERIODS,
  },
  equities: {
    assetClass: 'equities',
    periodsPerYear: 252,
    tickSize: 0.01,
    tickName: 'cent',
    maxLeverage: 5,
    defaultPeriods: STANDARD_PERIODS,
  },
  commodities: {
    assetClass: 'commodities',
    periodsPerYear: 252,
    tickSize: 0.01,
    tickName: 'tick',
    maxLeverage: 10,
    defaultPeriods: STANDARD_PERIODS,
  },
  indices: {
    assetClass: 'indices',
    periodsPerYear: 252,
    tickSize: 0.01,
    tickName: 'tick',
    maxLeverage: 20,
    defaultPeriods: STANDARD_PERIODS,
  },
  etfs: {
    assetClass: 'etfs',
    periodsPerYear: 252,
    tickSize: 0.01,
    tickName: 'cent',
    maxLeverage: 5,
    defaultPeriods: STANDARD_PERIODS,
  },
  futures: {
    assetClass: 'futures',
    periodsPerYear: 252,
    tickSize: 0.25,
    tickName: 'tick',
    maxLeverage: 10,
    defaultPeriods: STANDARD_PERIODS,
  },
  bonds: {
    assetClass: 'bonds',
    periodsPerYear: 252,
    tickSize: 1 / 32,
    tickName: 'tick',
    maxLeverage: 5,
    defaultPeriods: STANDARD_PERIODS,
  },
  options: {
    assetClass: 'options',
    periodsPerYear: 252,
    tickSize: 0.01,
    tickName: 'cent',
    maxLeverage: 1,
    defaultPeriods: STANDARD_PERIODS,
  },
};

export function isAssetClass(v: unknown): v is AssetClass {
  return typeof v === 'string' && (ASSET_CLASSES as readonly string[]).includes(v);
}

/** Optional `assetClass`: one of ASSET_CLASSES. */
export function checkAssetClass(problems: Problem[], value: unknown): void {
  if (value !== undefined && !isAssetClass(value))
    problems.push({ field: 'assetClass', message: 'unknown asset class' });
}

/** The profile of an asset class (throws on an unknown name: validate with {@link isAssetClass}). */
export function assetClassProfile(assetClass: AssetClass): AssetClassProfile {
  const p = ASSET_CLASS_PROFILES[assetClass];
  if (!p) throw new RangeError(`unknown asset class ${String(assetClass)}`);
  return p;
}

/** Periods per year for annualisation: 252 trading days, 365 for crypto, 260 for forex. */
export function periodsPerYear(assetClass: AssetClass): number {
  return assetClassProfile(assetClass).periodsPerYear;
}

/** Rounds a price to the asset class's tick (or to `tickSize` when given). */
export function roundToTick(price: number, tickSize: number): number {
  if (!(tickSize > 0)) return price;
  const ticks = Math.round(price / tickSize);
  // Round the result to the tick's own decimals (0.0001 → 4, 1/32 → 5) so that 0.1 + 0.2 style
  // floating-point noise does not leak out.
  let decimals = 0;
  while (decimals < 12 && Math.abs(Math.round(tickSize * 10 ** decimals) - tickSize * 10 ** decimals) > 1e-9)
    decimals++;
  return Number((ticks * tickSize).toFixed(decimals));
}
