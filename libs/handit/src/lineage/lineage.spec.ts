import fc from 'fast-check';
import stableStringify from 'fast-json-stable-stringify';
import { canonicalJson, lineageOf, type LineageSource } from './lineage';

// SPY daily bars, 21–25 July 2025 (Stooq, dividend-adjusted), as a trading_signal input.
const SPY = [
  ['2025-07-21', 628.77, 631.54, 628.34, 628.77, 63374984],
  ['2025-07-22', 629.1, 629.73, 626.19, 628.86, 60046288],
  ['2025-07-23', 631.55, 634.21, 629.73, 634.21, 70511036],
  ['2025-07-24', 634.6, 636.15, 633.99, 634.42, 71307134],
  ['2025-07-25', 635.09, 637.5799, 634.84, 637.1, 56865364],
] as const;
const candles = (): { time: string; open: number; high: number; low: number; close: number; volume: number }[] =>
  SPY.map(([d, open, high, low, close, volume]) => ({ time: `${d}T00:00:00.000Z`, open, high, low, close, volume }));
const MODEL = { id: 'etf-specialist', version: '1.0.0', parameters: { periodsPerYear: 252, tickSize: 0.01 } };
const source = (input: unknown, model = MODEL): LineageSource => ({ type: 'trading_signal', input, model });

describe('lineage digest', () => {
  const base = lineageOf(source({ symbol: 'SPY', assetClass: 'etfs', candles: candles() }));

  it('is a SHA-256 over data, model and parameters, stable whatever the JSON spelling', () => {
    expect(base.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(base.dataFields).toEqual(['candles']);
    const input = { symbol: 'SPY', assetClass: 'etfs' };
    expect(base.engineParameters).toEqual({ type: 'trading_signal', input, model: MODEL.parameters });
    // Keys in another order, times as `…Z` instead of `….000Z`, the same candles.
    const respelled = candles().map((c) => {
      const time = c.time.replace('.000Z', 'Z');
      return { volume: c.volume, close: c.close, low: c.low, high: c.high, open: c.open, time };
    });
    const again = lineageOf(source({ candles: respelled, assetClass: 'etfs', symbol: 'SPY' }));
    expect(again.digest).toBe(base.digest);
    expect(lineageOf(source({ symbol: 'SPY', assetClass: 'etfs', candles: candles() })).digest).toBe(base.digest);
  });

  it('changes when one candle changes, and only the data digest with it', () => {
    const changed = candles();
    changed[2] = { ...changed[2], close: 634.22 };
    const other = lineageOf(source({ symbol: 'SPY', assetClass: 'etfs', candles: changed }));
    expect(other.digest).not.toBe(base.digest);
    expect(other.data).not.toBe(base.data);
    expect(other.parameters).toBe(base.parameters);
  });

  it('changes with the model version and with an engine parameter', () => {
    const input = { symbol: 'SPY', assetClass: 'etfs', candles: candles() };
    const newer = lineageOf(source(input, { ...MODEL, version: '1.1.0' }));
    expect(newer.digest).not.toBe(base.digest);
    expect(newer.data).toBe(base.data);
    const tuned = lineageOf(source({ ...input, options: { rsiPeriod: 9 } }));
    expect(tuned.digest).not.toBe(base.digest);
    expect(tuned.parameters).not.toBe(base.parameters);
  });
});

describe('canonicalJson', () => {
  const samples = (seed: number) =>
    fc.sample(
      fc.oneof(
        fc.jsonValue(),
        fc.array(fc.tuple(fc.double(), fc.double(), fc.oneof(fc.constant(undefined), fc.integer()))),
        fc.dictionary(fc.string(), fc.oneof(fc.constant(undefined), fc.double(), fc.array(fc.jsonValue()))),
      ),
      { seed, numRuns: 500 },
    );

  it('writes exactly what fast-json-stable-stringify writes (stored digests must not change)', () => {
    for (const value of [...samples(1), ...samples(2)]) {
      expect(canonicalJson(value)).toBe(stableStringify(value) ?? 'null');
    }
    const candles = [
      [1_700_000_000_000, 1, 2, 0.5, -0, NaN],
      [1, 2, 3, 4, 5, 6, { note: 'x', a: undefined }],
    ];
    expect(canonicalJson({ candles, z: [undefined, null], a: -0 })).toBe(
      stableStringify({ candles, z: [undefined, null], a: -0 }),
    );
  });
});
