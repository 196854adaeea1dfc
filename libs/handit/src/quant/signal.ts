import { AssetClass, assetClassProfile, checkAssetClass, roundToTick } from './asset-classes';
import { Candle, requireMinCandles, toSeries, validateCandles } from './candles';
import { macd, rsi } from './indicators/momentum';
import { ema, sma } from './indicators/moving-averages';
import { atr, bbands } from './indicators/volatility';
import { Problem, QuantInputError, checkFiniteNumber, inputFields, notAnObject } from './problems';

/**
 * trading_signal: a deterministic rule set over the last candle (same input → same signal).
 *
 * Periods come from the asset class's defaults (RSI 14, MACD 12/26/9, Bollinger 20/2, ATR 14,
 * trend EMA 20 / SMA 50 for every class today) unless overridden in `options`.
 * Four rules each vote +1 (bullish), −1 (bearish) or 0:
 *   1. RSI:        RSI < 30 → +1 (oversold); RSI > 70 → −1 (overbought); else 0.
 *   2. MACD:       histogram > 0 → +1 (MACD above its signal line); < 0 → −1; 0 → 0.
 *   3. Trend:      close > EMA(fast) > SMA(slow) → +1 (uptrend); close < EMA(fast) < SMA(slow)
 *                  → −1 (downtrend); else 0 (no clear trend).
 *   4. Bollinger:  close < lower band → +1 (stretched below, mean reversion); close > upper band
 *                  → −1 (stretched above); else 0. The value reported is %B = (close − lower) /
 *                  (upper − lower).
 * score = sum of votes (−4…4). action = buy if score ≥ 2, sell if score ≤ −2, else hold.
 * confidence = share of the four rules that agree with the action (votes of +1 for buy, −1 for
 * sell, 0 for hold).
 * Levels (buy/sell only; null for hold): entry = last close; buy: stopLoss = entry − 2·ATR,
 * takeProfit = entry + 3·ATR; sell: mirrored. Multiples configurable. Prices are rounded to
 * `options.tickSize`, else to the asset class's tick when an asset class is given.
 * riskReward = |takeProfit − entry| / |entry − stopLoss| (1.5 with the default multiples).
 */
export const SIGNAL_RULES = [
  'Four rules vote +1 (bullish), -1 (bearish) or 0 on the last candle:',
  '1. RSI(14): RSI < 30 -> +1 (oversold); RSI > 70 -> -1 (overbought); otherwise 0.',
  '2. MACD(12,26,9): histogram > 0 -> +1 (MACD above signal); histogram < 0 -> -1; otherwise 0.',
  '3. Trend: close > EMA(20) > SMA(50) -> +1 (uptrend); close < EMA(20) < SMA(50) -> -1 (downtrend); otherwise 0.',
  '4. Bollinger(20, 2): close below the lower band -> +1 (mean reversion up); above the upper band -> -1; otherwise 0.',
  'score = sum of votes (-4..4); action = buy if score >= 2, sell if score <= -2, hold otherwise.',
  'confidence = share of the four rules agreeing with the action (+1 votes for buy, -1 for sell, 0 for hold).',
  'buy: stopLoss = close - 2 x ATR(14), takeProfit = close + 3 x ATR(14); sell: mirrored; hold: no levels.',
  'Levels are rounded to the tick size (options.tickSize, else the asset class tick). riskReward = |takeProfit - ' +
    'close| / |close - stopLoss|.',
  'Periods and multiples are the asset class defaults unless given in options; the same input always gives the ' +
    'same signal.',
].join('\n');

export interface TradingSignalOptions {
  rsiPeriod?: number;
  rsiOversold?: number;
  rsiOverbought?: number;
  macdFast?: number;
  macdSlow?: number;
  macdSignal?: number;
  bbandsPeriod?: number;
  bbandsStddev?: number;
  trendFast?: number;
  trendSlow?: number;
  atrPeriod?: number;
  stopAtrMultiple?: number;
  targetAtrMultiple?: number;
  tickSize?: number;
}

export interface TradingSignalInput {
  symbol?: string;
  assetClass?: AssetClass;
  candles: Candle[];
  options?: TradingSignalOptions;
}

export type SignalAction = 'buy' | 'sell' | 'hold';

export interface SignalReason {
  indicator: string;
  value: number;
  rule: string;
  vote: -1 | 0 | 1;
}

export interface TradingSignalResult {
  symbol?: string;
  assetClass?: AssetClass;
  time: number | string;
  action: SignalAction;
  confidence: number;
  score: number;
  reasons: SignalReason[];
  entry: number;
  atr: number;
  stopLoss: number | null;
  takeProfit: number | null;
  riskReward: number | null;
}

interface ResolvedOptions extends Required<Omit<TradingSignalOptions, 'tickSize'>> {
  tickSize?: number;
}

/** Snapshot of the indicator values on the last candle. */
export interface SignalSnapshot {
  close: number;
  rsi: number;
  macdHistogram: number;
  emaFast: number;
  smaSlow: number;
  lower: number;
  upper: number;
}

function resolveOptions(input: { assetClass?: AssetClass; options?: TradingSignalOptions }): ResolvedOptions {
  const d = assetClassProfile(input.assetClass ?? 'equities').defaultPeriods;
  const o = input.options ?? {};
  return {
    rsiPeriod: o.rsiPeriod ?? d.rsi,
    rsiOversold: o.rsiOversold ?? 30,
    rsiOverbought: o.rsiOverbought ?? 70,
    macdFast: o.macdFast ?? d.macd.fast,
    macdSlow: o.macdSlow ?? d.macd.slow,
    macdSignal: o.macdSignal ?? d.macd.signal,
    bbandsPeriod: o.bbandsPeriod ?? d.bbands.period,
    bbandsStddev: o.bbandsStddev ?? d.bbands.stddev,
    trendFast: o.trendFast ?? d.trendFast,
    trendSlow: o.trendSlow ?? d.trendSlow,
    atrPeriod: o.atrPeriod ?? d.atr,
    stopAtrMultiple: o.stopAtrMultiple ?? 2,
    targetAtrMultiple: o.targetAtrMultiple ?? 3,
    tickSize: o.tickSize ?? (input.assetClass ? assetClassProfile(input.assetClass).tickSize : undefined),
  };
}

/** Candles the rule set needs so every indicator has a value on the last candle. */
export function signalMinCandles(o: ResolvedOptions): number {
  return Math.max(
    o.rsiPeriod + 1,
    o.macdSlow + o.macdSignal - 1,
    o.bbandsPeriod,
    o.trendFast,
    o.trendSlow,
    o.atrPeriod + 1,
  );
}

/** Applies the four rules to a snapshot. */
export function evaluateSignalRules(
  s: SignalSnapshot,
  o: Pick<
    ResolvedOptions,
    | 'rsiPeriod'
    | 'rsiOversold'
    | 'rsiOverbought'
    | 'macdFast'
    | 'macdSlow'
    | 'macdSignal'
    | 'trendFast'
    | 'trendSlow'
    | 'bbandsPeriod'
    | 'bbandsStddev'
  >,
): { reasons: SignalReason[]; score: number; action: SignalAction; confidence: number } {
  const reasons: SignalReason[] = [];
  const rsiName = `rsi(${o.rsiPeriod})`;
  if (s.rsi < o.rsiOversold)
    reasons.push({ indicator: rsiName, value: s.rsi, vote: 1, rule: `RSI < ${o.rsiOversold}: oversold (+1)` });
  else if (s.rsi > o.rsiOverbought)
    reasons.push({ indicator: rsiName, value: s.rsi, vote: -1, rule: `RSI > ${o.rsiOverbought}: overbought (-1)` });
  else
    reasons.push({
      indicator: rsiName,
      value: s.rsi,
      vote: 0,
      rule: `${o.rsiOversold} <= RSI <= ${o.rsiOverbought}: neutral (0)`,
    });

  const macdName = `macd(${o.macdFast},${o.macdSlow},${o.macdSignal}).histogram`;
  const h = s.macdHistogram;
  reasons.push({
    indicator: macdName,
    value: h,
    vote: h > 0 ? 1 : h < 0 ? -1 : 0,
    rule:
      h > 0
        ? 'histogram > 0: MACD above its signal line (+1)'
        : h < 0
          ? 'histogram < 0: MACD below its signal line (-1)'
          : 'histogram = 0 (0)',
  });

  const trendName = `trend(close, ema(${o.trendFast}), sma(${o.trendSlow}))`;
  const trendValue = s.smaSlow === 0 ? 0 : s.emaFast / s.smaSlow - 1;
  if (s.close > s.emaFast && s.emaFast > s.smaSlow) {
    reasons.push({
      indicator: trendName,
      value: trendValue,
      vote: 1,
      rule: `close > EMA(${o.trendFast}) > SMA(${o.trendSlow}): uptrend (+1)`,
    });
  } else if (s.close < s.emaFast && s.emaFast < s.smaSlow) {
    reasons.push({
      indicator: trendName,
      value: trendValue,
      vote: -1,
      rule: `close < EMA(${o.trendFast}) < SMA(${o.trendSlow}): downtrend (-1)`,
    });
  } else {
    reasons.push({
      indicator: trendName,
      value: trendValue,
      vote: 0,
      rule: 'close, EMA and SMA not in trend order: no clear trend (0)',
    });
  }

  const bbName = `bbands(${o.bbandsPeriod},${o.bbandsStddev}).percentB`;
  const width = s.upper - s.lower;
  const pctB = width === 0 ? 0.5 : (s.close - s.lower) / width;
  if (s.close < s.lower)
    reasons.push({
      indicator: bbName,
      value: pctB,
      vote: 1,
      rule: 'close below the lower band: stretched down, mean reversion (+1)',
    });
  else if (s.close > s.upper)
    reasons.push({
      indicator: bbName,
      value: pctB,
      vote: -1,
      rule: 'close above the upper band: stretched up, mean reversion (-1)',
    });
  else reasons.push({ indicator: bbName, value: pctB, vote: 0, rule: 'close within the bands (0)' });

  const score = reasons.reduce((a, r) => a + r.vote, 0);
  const action: SignalAction = score >= 2 ? 'buy' : score <= -2 ? 'sell' : 'hold';
  const want = action === 'buy' ? 1 : action === 'sell' ? -1 : 0;
  const confidence = reasons.filter((r) => r.vote === want).length / reasons.length;
  return { reasons, score, action, confidence };
}

export const OPTION_BOUNDS: Record<keyof TradingSignalOptions, { min: number; max: number; integer?: boolean }> = {
  rsiPeriod: { min: 2, max: 1000, integer: true },
  rsiOversold: { min: 0, max: 100 },
  rsiOverbought: { min: 0, max: 100 },
  macdFast: { min: 1, max: 1000, integer: true },
  macdSlow: { min: 2, max: 1000, integer: true },
  macdSignal: { min: 1, max: 1000, integer: true },
  bbandsPeriod: { min: 2, max: 1000, integer: true },
  bbandsStddev: { min: 0.1, max: 10 },
  trendFast: { min: 1, max: 1000, integer: true },
  trendSlow: { min: 2, max: 1000, integer: true },
  atrPeriod: { min: 1, max: 1000, integer: true },
  stopAtrMultiple: { min: 0.01, max: 100 },
  targetAtrMultiple: { min: 0.01, max: 100 },
  tickSize: { min: 1e-12, max: 1e6 },
};

export function validateTradingSignal(input: unknown): Problem[] {
  const o = inputFields(input);
  if (!o) return notAnObject();
  const problems: Problem[] = [];
  checkAssetClass(problems, o.assetClass);
  if (o.symbol !== undefined && typeof o.symbol !== 'string')
    problems.push({ field: 'symbol', message: 'must be a string' });
  if (o.options !== undefined) {
    if (o.options === null || typeof o.options !== 'object' || Array.isArray(o.options))
      problems.push({ field: 'options', message: 'must be an object' });
    else {
      const opts = o.options as Record<string, unknown>;
      for (const k of Object.keys(opts)) {
        const b = OPTION_BOUNDS[k as keyof TradingSignalOptions];
        if (!b) problems.push({ field: `options.${k}`, message: 'unknown option' });
        else checkFiniteNumber(problems, opts[k], `options.${k}`, { ...b, optional: true });
      }
      if (problems.length === 0) {
        const r = resolveOptions({ options: opts as TradingSignalOptions });
        if (r.macdFast >= r.macdSlow)
          problems.push({ field: 'options.macdFast', message: `must be less than macdSlow (${r.macdSlow})` });
        if (r.trendFast >= r.trendSlow)
          problems.push({ field: 'options.trendFast', message: `must be less than trendSlow (${r.trendSlow})` });
        if (r.rsiOversold >= r.rsiOverbought)
          problems.push({
            field: 'options.rsiOversold',
            message: `must be less than rsiOverbought (${r.rsiOverbought})`,
          });
      }
    }
  }
  problems.push(...validateCandles(o.candles));
  if (problems.length === 0) {
    const r = resolveOptions(o as unknown as TradingSignalInput);
    const need = signalMinCandles(r);
    problems.push(
      ...requireMinCandles(
        (o.candles as Candle[]).length,
        need,
        'candles',
        `the signal rules need at least ${need} candles`,
      ),
    );
  }
  return problems;
}

/** trading_signal: see {@link SIGNAL_RULES}. Throws {@link QuantInputError} on bad input. */
export function tradingSignal(input: TradingSignalInput): TradingSignalResult {
  const problems = validateTradingSignal(input);
  if (problems.length > 0) throw new QuantInputError(problems);
  const o = resolveOptions(input);
  const s = toSeries(input.candles);
  const last = input.candles.length - 1;
  const bb = bbands(s.close, o.bbandsPeriod, o.bbandsStddev);
  const snapshot: SignalSnapshot = {
    close: s.close[last],
    rsi: rsi(s.close, o.rsiPeriod)[last] as number,
    macdHistogram: macd(s.close, o.macdFast, o.macdSlow, o.macdSignal).histogram[last] as number,
    emaFast: ema(s.close, o.trendFast)[last] as number,
    smaSlow: sma(s.close, o.trendSlow)[last] as number,
    lower: bb.lower[last] as number,
    upper: bb.upper[last] as number,
  };
  const { reasons, score, action, confidence } = evaluateSignalRules(snapshot, o);
  const atrValue = atr(s.high, s.low, s.close, o.atrPeriod)[last] as number;
  const entry = snapshot.close;
  const round = (p: number) => (o.tickSize ? roundToTick(p, o.tickSize) : p);
  let stopLoss: number | null = null;
  let takeProfit: number | null = null;
  let riskReward: number | null = null;
  if (action !== 'hold') {
    const dir = action === 'buy' ? 1 : -1;
    stopLoss = round(entry - dir * o.stopAtrMultiple * atrValue);
    takeProfit = round(entry + dir * o.targetAtrMultiple * atrValue);
    const risk = Math.abs(entry - stopLoss);
    riskReward = risk > 0 ? Math.abs(takeProfit - entry) / risk : null;
  }
  return {
    ...(input.symbol !== undefined ? { symbol: input.symbol } : {}),
    ...(input.assetClass !== undefined ? { assetClass: input.assetClass } : {}),
    time: input.candles[last].time,
    action,
    confidence,
    score,
    reasons,
    entry,
    atr: atrValue,
    stopLoss,
    takeProfit,
    riskReward,
  };
}
