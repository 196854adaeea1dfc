import * as ti from 'technicalindicators';
import { atr, bbands } from './volatility';
import { expectSeriesClose, naivePopStd, naiveSma, padLeft, randomCandles } from '../testing/fixtures';

describe('bbands', () => {
  it('uses the population standard deviation (hand-computed)', () => {
    // [1..5]: mean 3, population variance 2 → σ = √2
    const r = bbands([1, 2, 3, 4, 5], 5, 2);
    expect(r.middle).toEqual([null, null, null, null, 3]);
    expect(r.upper[4]).toBeCloseTo(3 + 2 * Math.SQRT2, 12);
    expect(r.lower[4]).toBeCloseTo(3 - 2 * Math.SQRT2, 12);
  });

  it('matches the naive definition on a long series and technicalindicators BollingerBands', () => {
    const c = randomCandles(3000, 10).map((x) => x.close);
    const r = bbands(c, 20, 2.5);
    const m = naiveSma(c, 20);
    const sd = naivePopStd(c, 20);
    expectSeriesClose(r.middle, m, 10);
    expectSeriesClose(
      r.upper,
      m.map((x, i) => (x === null ? null : x + 2.5 * (sd[i] as number))),
      9,
    );
    expectSeriesClose(
      r.lower,
      m.map((x, i) => (x === null ? null : x - 2.5 * (sd[i] as number))),
      9,
    );
    const lib = ti.BollingerBands.calculate({ period: 20, stdDev: 2.5, values: c });
    expectSeriesClose(
      r.upper,
      padLeft(
        lib.map((x) => x.upper),
        c.length,
      ),
      9,
    );
  });

  it('collapses to the mean on a flat series', () => {
    const r = bbands([7, 7, 7], 3, 2);
    expect([r.lower[2], r.middle[2], r.upper[2]]).toEqual([7, 7, 7]);
  });
});

describe('atr (Wilder)', () => {
  it('hand-computed p = 3: mean of TR of bars 1..3, then Wilder smoothing', () => {
    const h = [10, 11, 12, 14, 13];
    const l = [8, 9, 10, 13, 10];
    const c = [9, 10.5, 11, 13.5, 10.5];
    // TR: bar1 2, bar2 2, bar3 max(1, |14−11|, |13−11|) = 3, bar4 max(3, 0.5, 3.5) = 3.5
    const out = atr(h, l, c, 3);
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    expect(out[3]).toBeCloseTo(7 / 3, 12);
    expect(out[4]).toBeCloseTo(((7 / 3) * 2 + 3.5) / 3, 12);
  });

  it('agrees with technicalindicators ATR', () => {
    const cs = randomCandles(500, 11);
    const H = cs.map((x) => x.high);
    const L = cs.map((x) => x.low);
    const C = cs.map((x) => x.close);
    expectSeriesClose(
      atr(H, L, C, 14),
      padLeft(ti.ATR.calculate({ high: H, low: L, close: C, period: 14 }), C.length),
      9,
    );
  });
});
