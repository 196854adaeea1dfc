import { requireMinCandles, toSeries, validateCandles } from './candles';
import { randomCandles } from './testing/fixtures';

const ok = (time: number | string, close = 10) => ({
  time,
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  volume: 5,
});

describe('validateCandles', () => {
  it('accepts valid candles with numeric or ISO times', () => {
    expect(validateCandles(randomCandles(100))).toEqual([]);
    expect(validateCandles([ok('2024-01-01T00:00:00Z'), ok('2024-01-02T00:00:00Z')])).toEqual([]);
  });

  it('names a high below the low', () => {
    const c = [ok(1), ok(2), ok(3), { time: 4, open: 10, high: 8, low: 9, close: 9, volume: 1 }];
    expect(validateCandles(c)).toEqual([{ field: 'candles[3].high', message: 'high (8) is below low (9)' }]);
  });

  it('names a high below open/close and a low above open/close', () => {
    const p = validateCandles([
      { time: 1, open: 12, high: 11, low: 9, close: 10, volume: 1 },
      { time: 2, open: 10, high: 11, low: 9, close: 12, volume: 1 },
      { time: 3, open: 10, high: 12, low: 10.5, close: 11, volume: 1 },
    ]);
    expect(p.map((x) => x.field)).toEqual(['candles[0].high', 'candles[1].high', 'candles[2].low']);
  });

  it('rejects non-finite numbers, missing fields and negative volume', () => {
    const p = validateCandles([
      { time: 1, open: NaN, high: 11, low: 9, close: 10, volume: 1 },
      { time: 2, open: 10, high: Infinity, low: 9, close: 10, volume: 1 },
      { time: 3, open: 10, high: 11, low: 9, close: '10', volume: 1 },
      { time: 4, open: 10, high: 11, low: 9, close: 10, volume: -1 },
      { time: 5, open: 10, high: 11, low: 9, close: 10 },
    ]);
    expect(p).toEqual([
      { field: 'candles[0].open', message: 'must be a finite number' },
      { field: 'candles[1].high', message: 'must be a finite number' },
      { field: 'candles[2].close', message: 'must be a finite number' },
      { field: 'candles[3].volume', message: 'must not be negative' },
      { field: 'candles[4].volume', message: 'is required' },
    ]);
  });

  it('refuses prices and volumes whose magnitude would overflow or drown the maths', () => {
    const p = validateCandles([
      { time: 1, open: 1e306, high: 2e306, low: 1e306, close: 1e306, volume: 1 },
      { time: 2, open: -2e100, high: 10, low: 9, close: 10, volume: 1e101 },
      { time: 3, open: 1e100, high: 1e100, low: -1e100, close: 0, volume: 1e100 },
    ]);
    expect(p).toEqual([
      { field: 'candles[0].open', message: 'must be within ±1e100' },
      { field: 'candles[0].high', message: 'must be within ±1e100' },
      { field: 'candles[0].low', message: 'must be within ±1e100' },
      { field: 'candles[0].close', message: 'must be within ±1e100' },
      { field: 'candles[1].open', message: 'must be within ±1e100' },
      { field: 'candles[1].volume', message: 'must be at most 1e100' },
    ]);
  });

  it('rejects unsorted and duplicate times', () => {
    const p = validateCandles([ok(1), ok(3), ok(2), ok(4), ok(4)]);
    expect(p).toEqual([
      { field: 'candles[2].time', message: 'times must increase: earlier than candles[1]' },
      { field: 'candles[4].time', message: 'duplicate time (same as candles[3])' },
    ]);
  });

  it('rejects unparseable and mixed time kinds', () => {
    const p = validateCandles([ok('2024-01-01'), ok('yesterday'), ok(5)]);
    expect(p.map((x) => x.field)).toEqual(['candles[1].time', 'candles[2].time']);
  });

  it('compares ISO times chronologically, not as text', () => {
    const p = validateCandles([ok('2024-01-02T00:00:00+02:00'), ok('2024-01-01T23:30:00Z')]);
    expect(p).toEqual([]);
  });

  it('rejects a non-array and too few candles; uses the field prefix', () => {
    expect(validateCandles({})).toEqual([{ field: 'candles', message: 'must be an array of candles' }]);
    expect(validateCandles([ok(1)], { minLength: 2, field: 'benchmark.candles' })[0].field).toBe('benchmark.candles');
    expect(validateCandles([null])[0].field).toBe('candles[0]');
  });

  it('stops at maxProblems', () => {
    const bad = Array.from({ length: 1000 }, (_, i) => ({ time: i, open: 1, high: 0, low: 1, close: 1, volume: 1 }));
    expect(validateCandles(bad, { maxProblems: 10 })).toHaveLength(10);
  });
});

describe('requireMinCandles', () => {
  it('returns a problem naming the field when there are too few candles', () => {
    expect(requireMinCandles(10, 15, 'indicators[0].period', 'rsi(period=14) needs at least 15 candles')).toEqual([
      { field: 'indicators[0].period', message: 'rsi(period=14) needs at least 15 candles; got 10' },
    ]);
    expect(requireMinCandles(15, 15, 'x')).toEqual([]);
  });
});

describe('toSeries', () => {
  it('splits candles into columns', () => {
    const s = toSeries([ok(1, 10), ok(2, 20)]);
    expect(s.close).toEqual([10, 20]);
    expect(s.high).toEqual([11, 21]);
    expect(s.volume).toEqual([5, 5]);
  });
});
