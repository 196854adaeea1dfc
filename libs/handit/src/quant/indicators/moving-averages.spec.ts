import * as ti from 'technicalindicators';
import { ema, sma, wma } from './moving-averages';
import { emaOf, rollingMax, rollingMin, smaOf, wilderOf } from './series';
import { expectSeriesClose, naiveSma, naiveWma, padLeft, randomCandles } from '../testing/fixtures';

describe('moving averages', () => {
  describe('sma', () => {
    it('averages the trailing window, null during warm-up (hand-computed)', () => {
      expect(sma([1, 2, 3, 4, 5], 3)).toEqual([null, null, 2, 3, 4]);
      expect(sma([2, 4, 6, 8], 1)).toEqual([2, 4, 6, 8]);
    });

    it('is all null when there are fewer values than the period', () => {
      expect(sma([1, 2], 3)).toEqual([null, null]);
    });

    it('matches the naive definition on a long series (exercises the periodic exact recompute)', () => {
      const c = randomCandles(3000, 1).map((x) => x.close);
      expectSeriesClose(sma(c, 37), naiveSma(c, 37), 10);
    });

    it('agrees with technicalindicators SMA', () => {
      const c = randomCandles(500, 2).map((x) => x.close);
      expectSeriesClose(sma(c, 20), padLeft(ti.SMA.calculate({ period: 20, values: c }), c.length), 10);
    });
  });

  describe('ema', () => {
    it('uses α = 2/(p+1) seeded with the SMA of the first p values (hand-computed)', () => {
      // p = 3 → α = 0.5; seed = (10+11+12)/3 = 11; 11 + 0.5·(13 − 11) = 12; 12 + 0.5·(20 − 12) = 16
      expect(ema([10, 11, 12, 13, 20], 3)).toEqual([null, null, 11, 12, 16]);
    });

    it('with p = 9 (α = 0.2) follows the recurrence', () => {
      const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 19];
      const out = ema(v, 9);
      expect(out[8]).toBeCloseTo(5, 12);
      expect(out[9]).toBeCloseTo(5 + 0.2 * (19 - 5), 12);
    });

    it('agrees with technicalindicators EMA (which also seeds with the SMA)', () => {
      const c = randomCandles(500, 3).map((x) => x.close);
      expectSeriesClose(ema(c, 12), padLeft(ti.EMA.calculate({ period: 12, values: c }), c.length), 10);
    });

    it('emaOf starts after leading nulls', () => {
      expect(emaOf([null, null, 10, 11, 12, 13, 20], 3)).toEqual([null, null, null, null, 11, 12, 16]);
    });
  });

  describe('wma', () => {
    it('weights 1..p, newest heaviest (hand-computed)', () => {
      const out = wma([1, 2, 3, 4, 5], 3);
      expect(out[0]).toBeNull();
      expect(out[1]).toBeNull();
      expect(out[2]).toBeCloseTo((1 * 1 + 2 * 2 + 3 * 3) / 6, 12);
      expect(out[3]).toBeCloseTo((2 * 1 + 3 * 2 + 4 * 3) / 6, 12);
      expect(out[4]).toBeCloseTo((3 * 1 + 4 * 2 + 5 * 3) / 6, 12);
    });

    it('matches the naive definition and technicalindicators WMA on a long series', () => {
      const c = randomCandles(2000, 4).map((x) => x.close);
      expectSeriesClose(wma(c, 25), naiveWma(c, 25), 10);
      expectSeriesClose(wma(c, 25), padLeft(ti.WMA.calculate({ period: 25, values: c }), c.length), 10);
    });
  });

  describe('helpers', () => {
    it('smaOf skips leading nulls', () => {
      expect(smaOf([null, 1, 2, 3], 2)).toEqual([null, null, 1.5, 2.5]);
    });

    it('wilderOf seeds with the mean then smooths with 1/p', () => {
      // seed (1+2+3)/3 = 2; (2·2 + 6)/3 = 10/3
      const out = wilderOf([1, 2, 3, 6], 3);
      expect(out.slice(0, 3)).toEqual([null, null, 2]);
      expect(out[3]).toBeCloseTo(10 / 3, 12);
    });

    it('rollingMax / rollingMin give the window extremes', () => {
      const v = [3, 1, 4, 1, 5, 9, 2, 6];
      expect(rollingMax(v, 3)).toEqual([null, null, 4, 4, 5, 9, 9, 9]);
      expect(rollingMin(v, 3)).toEqual([null, null, 1, 1, 1, 1, 2, 2]);
    });
  });
});
