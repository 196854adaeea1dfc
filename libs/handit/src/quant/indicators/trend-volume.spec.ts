import * as ti from 'technicalindicators';
import { adx, directionalMovement } from './trend';
import { mfi, obv } from './volume';
import { expectSeriesClose, padLeft, randomCandles } from '../testing/fixtures';

describe('adx (Wilder)', () => {
  it('hand-computed p = 2', () => {
    const h = [10, 11, 12, 11, 10];
    const l = [8, 9, 10, 8, 7];
    const c = [9, 10, 11, 9, 8];
    // +DM 1,1,0,0; −DM 0,0,2,1; TR 2,2,3,3.
    // i=2: sums TR 4, +DM 2 → +DI 50, −DI 0, DX 100
    // i=3: TR 4−2+3 = 5, +DM 2−1 = 1, −DM 2 → +DI 20, −DI 40, DX 33.33; ADX = (100 + 33.33)/2
    // i=4: TR 5−2.5+3 = 5.5, +DM 0.5, −DM 2−1+1 = 2 → DX = 100·(2−0.5)/(2+0.5) = 60; ADX = (66.67 + 60)/2
    const r = directionalMovement(h, l, c, 2);
    expect(r.plusDI[2]).toBeCloseTo(50, 12);
    expect(r.minusDI[3]).toBeCloseTo(40, 12);
    expect(r.adx.slice(0, 3)).toEqual([null, null, null]);
    expect(r.adx[3]).toBeCloseTo(200 / 3, 10);
    expect(r.adx[4]).toBeCloseTo((200 / 3 + 60) / 2, 10);
  });

  it('agrees with technicalindicators ADX (first value at index 2p − 1)', () => {
    const cs = randomCandles(400, 12);
    const H = cs.map((x) => x.high);
    const L = cs.map((x) => x.low);
    const C = cs.map((x) => x.close);
    const out = adx(H, L, C, 14);
    expect(out.findIndex((v) => v !== null)).toBe(27);
    const lib = ti.ADX.calculate({ high: H, low: L, close: C, period: 14 });
    expectSeriesClose(
      out,
      padLeft(
        lib.map((x) => x.adx),
        C.length,
      ),
      9,
    );
  });
});

describe('obv', () => {
  it('is 0 on the first candle and adds/subtracts volume by close direction', () => {
    expect(obv([10, 11, 11, 10, 12], [100, 200, 300, 400, 500])).toEqual([0, 200, 200, -200, 300]);
  });

  it('agrees with technicalindicators OBV (which omits the first candle)', () => {
    const cs = randomCandles(200, 13);
    const C = cs.map((x) => x.close);
    const V = cs.map((x) => x.volume);
    const out = obv(C, V);
    expect(out.slice(1)).toEqual(ti.OBV.calculate({ close: C, volume: V }));
  });
});

describe('mfi', () => {
  it('hand-computed p = 2', () => {
    // TP 10, 11, 10.5, 12; volumes 100, 100, 200, 100 → flows +1100, −2100, +1200
    const tp = [10, 11, 10.5, 12];
    const v = [100, 100, 200, 100];
    const out = mfi(tp, tp, tp, v, 2);
    expect(out.slice(0, 2)).toEqual([null, null]);
    expect(out[2]).toBeCloseTo((100 * 1100) / 3200, 10);
    expect(out[3]).toBeCloseTo((100 * 1200) / 3300, 10);
  });

  it('is 100 with no negative flow and 50 with no flow', () => {
    expect(mfi([1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 1, 1], 2)[2]).toBe(100);
    expect(mfi([1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1], 2)[2]).toBe(50);
  });

  it('matches technicalindicators MFI (which rounds to 2 decimals) over a long series', () => {
    const cs = randomCandles(3000, 14);
    const H = cs.map((x) => x.high);
    const L = cs.map((x) => x.low);
    const C = cs.map((x) => x.close);
    const V = cs.map((x) => x.volume);
    const out = mfi(H, L, C, V, 14);
    const lib = ti.MFI.calculate({ high: H, low: L, close: C, volume: V, period: 14 });
    // technicalindicators starts one candle later (index period + 1); compare the common tail.
    const tail = out.slice(out.length - lib.length) as number[];
    tail.forEach((x, i) => expect(Math.abs(x - lib[i])).toBeLessThanOrEqual(0.005 + 1e-9));
    expect(out[13]).toBeNull();
    expect(out[14]).not.toBeNull();
  });
});
