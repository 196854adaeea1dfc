import { INDICATORS, INDICATOR_NAMES, minCandles } from './indicators/registry';
import { QuantInputError } from './problems';
import { technicalAnalysis, validateTechnicalAnalysis } from './technical-analysis';
import { randomCandles } from './testing/fixtures';
import { sma } from './indicators/moving-averages';
import { rsi } from './indicators/momentum';

describe('indicator registry', () => {
  it('has the 14 indicators of issue 4', () => {
    expect([...INDICATOR_NAMES].sort()).toEqual(
      ['adx', 'atr', 'bbands', 'cci', 'ema', 'macd', 'mfi', 'obv', 'roc', 'rsi', 'sma', 'stoch', 'willr', 'wma'].sort(),
    );
  });

  it.each(INDICATOR_NAMES)('%s: declared warm-up equals the actual leading nulls, one value per candle', (name) => {
    const def = INDICATORS[name];
    const candles = randomCandles(300, 21);
    const variants = [
      Object.fromEntries(def.params.map((p) => [p.name, p.default])),
      Object.fromEntries(
        def.params.map((p) => [p.name, p.type === 'integer' ? Math.max(p.min, Math.min(7, p.default)) : p.default]),
      ),
    ];
    for (const params of variants) {
      if (def.check?.(params).length) continue;
      const res = technicalAnalysis({ candles, indicators: [{ name, ...params }] });
      const series = res.indicators[0].series;
      expect(Object.keys(series)).toEqual(def.outputs);
      const warm = def.warmup(params);
      for (const out of def.outputs) {
        expect(series[out]).toHaveLength(candles.length);
        const lead = series[out].findIndex((v) => v !== null);
        expect(lead).toBe(warm[out]);
        expect(series[out].slice(lead).every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
      }
    }
  });

  it('minCandles is the longest warm-up + 1', () => {
    expect(minCandles(INDICATORS.macd, { fast: 12, slow: 26, signal: 9 })).toBe(34);
    expect(minCandles(INDICATORS.rsi, { period: 14 })).toBe(15);
    expect(minCandles(INDICATORS.adx, { period: 14 })).toBe(28);
    expect(minCandles(INDICATORS.obv, {})).toBe(1);
  });
});

describe('technicalAnalysis', () => {
  const candles = randomCandles(200, 22);

  it('returns indicators in request order with resolved params', () => {
    const r = technicalAnalysis({
      symbol: 'EURUSD',
      assetClass: 'forex',
      candles,
      indicators: [{ name: 'rsi' }, { name: 'sma', period: 5 }, { name: 'macd', fast: 5 }],
    });
    expect(r.candles).toBe(200);
    expect(r.indicators.map((i) => i.name)).toEqual(['rsi', 'sma', 'macd']);
    expect(r.indicators[0].params).toEqual({ period: 14 });
    expect(r.indicators[2].params).toEqual({ fast: 5, slow: 26, signal: 9 });
    const close = candles.map((c) => c.close);
    expect(r.indicators[0].series.value).toEqual(rsi(close, 14));
    expect(r.indicators[1].series.value).toEqual(sma(close, 5));
  });

  it('reports bad requests with field paths', () => {
    const p = validateTechnicalAnalysis({
      assetClass: 'stocks',
      candles: candles.slice(0, 20),
      indicators: [
        { name: 'rsi', period: 0 },
        { name: 'nope' },
        { name: 'sma', length: 3 },
        { name: 'macd', fast: 30, slow: 26 },
        { name: 'rsi', period: 30 },
        { name: 'sma', period: 2.5 },
        { name: 'bbands', stddev: 'wide' },
      ],
    });
    const fields = p.map((x) => x.field);
    expect(fields).toEqual([
      'assetClass',
      'indicators[0].period',
      'indicators[1].name',
      'indicators[2].length',
      'indicators[3].fast',
      'indicators[4].period',
      'indicators[5].period',
      'indicators[6].stddev',
    ]);
    expect(p[5].message).toBe('rsi(period=30) needs at least 31 candles; got 20');
  });

  it('reports bad candles and a missing indicator list', () => {
    const bad = candles.slice(0, 30).map((c) => ({ ...c }));
    bad[3].high = bad[3].low - 1;
    const p = validateTechnicalAnalysis({ candles: bad, indicators: [] });
    expect(p.map((x) => x.field)).toEqual(['candles[3].high', 'indicators']);
  });

  it('throws QuantInputError carrying the problems', () => {
    expect(() => technicalAnalysis({ candles: [], indicators: [{ name: 'sma' }] })).toThrow(QuantInputError);
    try {
      technicalAnalysis({ candles, indicators: [{ name: 'sma', period: 5000 }] });
    } catch (e) {
      expect((e as QuantInputError).problems[0].field).toBe('indicators[0].period');
    }
    expect.assertions(2);
  });

  it('computes all 14 indicators on 20,000 candles quickly (linear time)', () => {
    const big = randomCandles(20_000, 23);
    const indicators = INDICATOR_NAMES.map((name) => ({ name }));
    const t0 = performance.now();
    const r = technicalAnalysis({ candles: big, indicators });
    const ms = performance.now() - t0;
    expect(r.indicators).toHaveLength(14);
    for (const ind of r.indicators) for (const s of Object.values(ind.series)) expect(s).toHaveLength(20_000);
    // Generous bound for a slow CI machine: the run takes a few tens of ms on 2 cores.
    expect(ms).toBeLessThan(3000);
  });
});
