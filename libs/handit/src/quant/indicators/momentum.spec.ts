import * as ti from 'technicalindicators';
import { cci, macd, roc, rsi, stoch, willr } from './momentum';
import { emaOf } from './series';
import { expectSeriesClose, padLeft, randomCandles, STOCKCHARTS_CLOSES, STOCKCHARTS_RSI } from '../testing/fixtures';

describe('rsi (Wilder)', () => {
  it('reproduces the published StockCharts worked example to 2 decimals', () => {
    const out = rsi(STOCKCHARTS_CLOSES, 14);
    expect(out.slice(0, 14)).toEqual(new Array(14).fill(null));
    expect(out.slice(14).map((v) => Math.round((v as number) * 100) / 100)).toEqual(STOCKCHARTS_RSI);
  });

  it('is 100 when prices only rise and 50 when they never move', () => {
    expect(rsi([1, 2, 3, 4], 2)).toEqual([null, null, 100, 100]);
    expect(rsi([5, 5, 5, 5], 2)).toEqual([null, null, 50, 50]);
    expect(rsi([4, 3, 2, 1], 2)).toEqual([null, null, 0, 0]);
  });

  it('hand-computed p = 2: seed averages then Wilder smoothing', () => {
    // changes +2, −1, +3 → avgGain = 1, avgLoss = 0.5 → RSI 66.67; then gain (1·1 + 3)/2 = 2, loss 0.25 → RSI 88.89
    const out = rsi([10, 12, 11, 14], 2);
    expect(out[2]).toBeCloseTo(100 - 100 / 3, 10);
    expect(out[3]).toBeCloseTo(100 - 100 / 9, 10);
  });
});

describe('macd', () => {
  const c = randomCandles(400, 5).map((x) => x.close);

  it('is EMA(fast) − EMA(slow), signal = EMA of the line, histogram = difference', () => {
    const m = macd(c, 12, 26, 9);
    const f = emaOf(c, 12);
    const s = emaOf(c, 26);
    expect(m.macd.slice(0, 25)).toEqual(new Array(25).fill(null));
    expect(m.signal.slice(0, 33)).toEqual(new Array(33).fill(null));
    expect(m.signal[33]).not.toBeNull();
    for (let i = 25; i < c.length; i++) expect(m.macd[i]).toBeCloseTo((f[i] as number) - (s[i] as number), 10);
    // first signal value = SMA of the first 9 MACD values
    const first9 = (m.macd.slice(25, 34) as number[]).reduce((a, b) => a + b, 0) / 9;
    expect(m.signal[33]).toBeCloseTo(first9, 12);
    for (let i = 33; i < c.length; i++) {
      expect(m.histogram[i]).toBeCloseTo((m.macd[i] as number) - (m.signal[i] as number), 12);
    }
  });

  it('agrees with technicalindicators MACD in EMA mode', () => {
    const m = macd(c, 12, 26, 9);
    const lib = ti.MACD.calculate({
      values: c,
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    expectSeriesClose(
      m.macd,
      padLeft(
        lib.map((x) => x.MACD as number),
        c.length,
      ),
      9,
    );
    expectSeriesClose(
      m.signal.slice(33),
      lib.slice(8).map((x) => x.signal as number),
      9,
    );
  });

  it('is exactly zero on a flat series (not dropped as missing)', () => {
    const m = macd(new Array(40).fill(100), 3, 6, 4);
    expect(m.macd[5]).toBe(0);
    expect(m.signal[8]).toBe(0);
    expect(m.histogram[39]).toBe(0);
  });
});

describe('stoch (slow)', () => {
  const h = [10, 12, 11, 13, 12, 14];
  const l = [8, 9, 9, 10, 10, 11];
  const c = [9, 11, 10, 12, 11, 14];

  it('hand-computed kPeriod 3, kSlowing 2, dPeriod 2', () => {
    // fast %K: 50, 75, 50, 100 (idx 2..5); %K = SMA2: 62.5, 62.5, 75; %D = SMA2 of %K: 62.5, 68.75
    const r = stoch(h, l, c, 3, 2, 2);
    expect(r.k).toEqual([null, null, null, 62.5, 62.5, 75]);
    expect(r.d).toEqual([null, null, null, null, 62.5, 68.75]);
  });

  it('kSlowing 1 is the fast stochastic and agrees with technicalindicators Stochastic', () => {
    const cs = randomCandles(300, 6);
    const H = cs.map((x) => x.high);
    const L = cs.map((x) => x.low);
    const C = cs.map((x) => x.close);
    const r = stoch(H, L, C, 14, 1, 3);
    const lib = ti.Stochastic.calculate({ high: H, low: L, close: C, period: 14, signalPeriod: 3 });
    expectSeriesClose(
      r.k,
      padLeft(
        lib.map((x) => x.k),
        C.length,
      ),
      9,
    );
    expectSeriesClose(
      r.d.slice(15),
      lib.slice(2).map((x) => x.d as number),
      9,
    );
  });

  it('gives 50 when the range is zero', () => {
    expect(stoch([5, 5, 5], [5, 5, 5], [5, 5, 5], 2, 1, 1).k).toEqual([null, 50, 50]);
  });
});

describe('willr', () => {
  it('hand-computed, range −100…0', () => {
    const out = willr([10, 12, 11, 13, 12, 14], [8, 9, 9, 10, 10, 11], [9, 11, 10, 12, 11, 14], 3);
    expect(out).toEqual([null, null, -50, -25, -50, 0]);
    expect(willr([10, 12, 11], [8, 9, 8], [8, 9, 8], 3)[2]).toBe(-100);
  });

  it('agrees with technicalindicators WilliamsR', () => {
    const cs = randomCandles(300, 7);
    const H = cs.map((x) => x.high);
    const L = cs.map((x) => x.low);
    const C = cs.map((x) => x.close);
    expectSeriesClose(
      willr(H, L, C, 14),
      padLeft(ti.WilliamsR.calculate({ high: H, low: L, close: C, period: 14 }), C.length),
      9,
    );
  });
});

describe('roc', () => {
  it('is the percent change over period candles', () => {
    const out = roc([10, 11, 12, 9.9, 13.2], 2);
    expect(out.slice(0, 2)).toEqual([null, null]);
    expect(out[2]).toBeCloseTo(20, 12);
    expect(out[3]).toBeCloseTo(-10, 12);
    expect(out[4]).toBeCloseTo(10, 12);
  });

  it('agrees with technicalindicators ROC', () => {
    const c = randomCandles(200, 8).map((x) => x.close);
    expectSeriesClose(roc(c, 10), padLeft(ti.ROC.calculate({ values: c, period: 10 }), c.length), 9);
  });
});

describe('cci', () => {
  it('hand-computed with the 0.015 constant and mean absolute deviation', () => {
    // TP = close when high = low = close. Window [1,2,3,10]: SMA 4, MAD (3+2+1+6)/4 = 3 → 6/(0.015·3) = 133.33
    // Window [2,3,10,2]: SMA 4.25, MAD (2.25+1.25+5.75+2.25)/4 = 2.875 → −2.25/(0.015·2.875) = −52.17
    const v = [1, 2, 3, 10, 2];
    const out = cci(v, v, v, 4);
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    expect(out[3]).toBeCloseTo(400 / 3, 10);
    expect(out[4]).toBeCloseTo(-2.25 / (0.015 * 2.875), 10);
  });

  it('is 0 on a flat window and agrees with technicalindicators CCI', () => {
    expect(cci([5, 5, 5], [5, 5, 5], [5, 5, 5], 2)).toEqual([null, 0, 0]);
    const cs = randomCandles(300, 9);
    const H = cs.map((x) => x.high);
    const L = cs.map((x) => x.low);
    const C = cs.map((x) => x.close);
    expectSeriesClose(
      cci(H, L, C, 20),
      padLeft(ti.CCI.calculate({ high: H, low: L, close: C, period: 20 }), C.length),
      9,
    );
  });
});
