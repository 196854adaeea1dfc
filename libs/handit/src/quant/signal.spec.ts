import { Candle } from './candles';
import { macd, rsi } from './indicators/momentum';
import { atr } from './indicators/volatility';
import { QuantInputError } from './problems';
import { SIGNAL_RULES, evaluateSignalRules, tradingSignal, validateTradingSignal } from './signal';
import { randomCandles } from './testing/fixtures';

const OPTS = {
  rsiPeriod: 14,
  rsiOversold: 30,
  rsiOverbought: 70,
  macdFast: 12,
  macdSlow: 26,
  macdSignal: 9,
  trendFast: 20,
  trendSlow: 50,
  bbandsPeriod: 20,
  bbandsStddev: 2,
};
const NEUTRAL = { close: 100, rsi: 50, macdHistogram: 0, emaFast: 100, smaSlow: 100, lower: 95, upper: 105 };

describe('evaluateSignalRules', () => {
  it('each rule votes as documented', () => {
    const votes = (s: Partial<typeof NEUTRAL>) =>
      evaluateSignalRules({ ...NEUTRAL, ...s }, OPTS).reasons.map((r) => r.vote);
    expect(votes({})).toEqual([0, 0, 0, 0]);
    expect(votes({ rsi: 29.9 })[0]).toBe(1);
    expect(votes({ rsi: 70.1 })[0]).toBe(-1);
    expect(votes({ rsi: 70 })[0]).toBe(0);
    expect(votes({ macdHistogram: 0.01 })[1]).toBe(1);
    expect(votes({ macdHistogram: -0.01 })[1]).toBe(-1);
    expect(votes({ close: 103, emaFast: 101, smaSlow: 99 })[2]).toBe(1);
    expect(votes({ close: 97, emaFast: 99, smaSlow: 101 })[2]).toBe(-1);
    expect(votes({ close: 103, emaFast: 99, smaSlow: 101 })[2]).toBe(0);
    expect(votes({ close: 94 })[3]).toBe(1);
    expect(votes({ close: 106 })[3]).toBe(-1);
  });

  it('buy at score ≥ 2, sell at ≤ −2; confidence is the agreeing share', () => {
    const buy = evaluateSignalRules(
      { ...NEUTRAL, rsi: 25, macdHistogram: 1, close: 94, emaFast: 96, smaSlow: 98 },
      OPTS,
    );
    // votes +1, +1, 0 (close < EMA but EMA < SMA is a downtrend only if close < EMA < SMA: 94 < 96 < 98 → −1), +1
    expect(buy.reasons.map((r) => r.vote)).toEqual([1, 1, -1, 1]);
    expect(buy.score).toBe(2);
    expect(buy.action).toBe('buy');
    expect(buy.confidence).toBe(0.75);
    const sell = evaluateSignalRules({ ...NEUTRAL, rsi: 75, macdHistogram: -1 }, OPTS);
    expect([sell.action, sell.score, sell.confidence]).toEqual(['sell', -2, 0.5]);
    const hold = evaluateSignalRules({ ...NEUTRAL, rsi: 75 }, OPTS);
    expect([hold.action, hold.score, hold.confidence]).toEqual(['hold', -1, 0.75]);
  });

  it('reports %B for the Bollinger rule', () => {
    const r = evaluateSignalRules({ ...NEUTRAL, close: 102.5 }, OPTS);
    expect(r.reasons[3].indicator).toBe('bbands(20,2).percentB');
    expect(r.reasons[3].value).toBeCloseTo(0.75, 12);
  });
});

const zigzag = (drift: number, n: number, start = 100): Candle[] =>
  Array.from({ length: n }, (_, i) => {
    const f = (k: number) => start + drift * k + (k % 2 === 0 ? 0.8 : -0.8);
    const o = f(i - 1);
    const c = f(i);
    return { time: i, open: o, high: Math.max(o, c) + 0.5, low: Math.min(o, c) - 0.5, close: c, volume: 100 };
  });

describe('tradingSignal', () => {
  it('buys a rising market: uptrend and positive MACD histogram, RSI and bands neutral', () => {
    const candles = zigzag(0.3, 121);
    const r = tradingSignal({ symbol: 'ACME', assetClass: 'equities', candles });
    expect(r.reasons.map((x) => x.vote)).toEqual([0, 1, 1, 0]);
    expect(r.action).toBe('buy');
    expect(r.confidence).toBe(0.5);
    const close = candles.map((c) => c.close);
    expect(r.reasons[0].value).toBe(rsi(close, 14)[120]);
    expect(r.reasons[1].value).toBe(macd(close, 12, 26, 9).histogram[120]);
    const a = atr(
      candles.map((c) => c.high),
      candles.map((c) => c.low),
      close,
      14,
    )[120] as number;
    expect(r.atr).toBe(a);
    expect(r.entry).toBe(close[120]);
    // rounded to the equities tick (0.01)
    expect(r.stopLoss).toBeCloseTo(Math.round((close[120] - 2 * a) * 100) / 100, 10);
    expect(r.takeProfit).toBeCloseTo(Math.round((close[120] + 3 * a) * 100) / 100, 10);
    expect(r.riskReward).toBeCloseTo(1.5, 2);
    expect(r.time).toBe(120);
  });

  it('sells a falling market with mirrored ATR levels', () => {
    const candles = zigzag(-0.3, 120, 200);
    const r = tradingSignal({ candles, options: { stopAtrMultiple: 1, targetAtrMultiple: 2 } });
    expect(r.action).toBe('sell');
    expect(r.stopLoss).toBeCloseTo(r.entry + r.atr, 10);
    expect(r.takeProfit).toBeCloseTo(r.entry - 2 * r.atr, 10);
    expect(r.riskReward).toBeCloseTo(2, 10);
  });

  it('hold gives no levels; the same input always gives the same signal', () => {
    const candles = randomCandles(300, 77);
    const a = tradingSignal({ candles });
    expect(tradingSignal({ candles })).toEqual(a);
    const still = Array.from({ length: 60 }, (_, i) => ({
      time: i,
      open: 100,
      high: 100.5,
      low: 99.5,
      close: 100,
      volume: 1,
    }));
    const flat = tradingSignal({ candles: still });
    expect(flat.reasons.map((x) => x.vote)).toEqual([0, 0, 0, 0]);
    expect(flat.action).toBe('hold');
    expect(flat.confidence).toBe(1);
    expect([flat.stopLoss, flat.takeProfit, flat.riskReward]).toEqual([null, null, null]);
  });

  it('validates candles, options and the candle count', () => {
    expect(validateTradingSignal({ candles: randomCandles(40) })).toEqual([
      { field: 'candles', message: 'the signal rules need at least 50 candles; got 40' },
    ]);
    expect(validateTradingSignal({ candles: randomCandles(40), options: { trendSlow: 30 } })).toEqual([]);
    expect(
      validateTradingSignal({ candles: randomCandles(60), options: { macdFast: 30, bogus: 1, rsiPeriod: 1.5 } }).map(
        (p) => p.field,
      ),
    ).toEqual(['options.bogus', 'options.rsiPeriod']);
    expect(
      validateTradingSignal({ candles: randomCandles(60), options: { macdFast: 30 } }).map((p) => p.field),
    ).toEqual(['options.macdFast']);
    expect(() => tradingSignal({ candles: [] })).toThrow(QuantInputError);
  });

  it('publishes its rules as text', () => {
    expect(SIGNAL_RULES).toContain('RSI < 30');
    expect(SIGNAL_RULES).toContain('score >= 2');
  });
});
