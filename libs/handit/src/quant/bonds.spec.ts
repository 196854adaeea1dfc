import { bondAnalysis, bondPrice, validateBondAnalysis, yieldToMaturity } from './bonds';
import { QuantInputError } from './problems';

describe('bondAnalysis', () => {
  it('a 5-year 6 % annual-pay bond at a 6 % yield is at par with Macaulay duration 4.4651 and modified 4.2124', () => {
    const r = bondAnalysis({ couponRate: 0.06, frequency: 1, maturityYears: 5, yield: 0.06 });
    expect(r.price).toBeCloseTo(100, 10);
    // closed form for a par bond: D = (1 + y)/y · (1 − (1 + y)^−n)
    expect(r.macaulayDuration).toBeCloseTo((1.06 / 0.06) * (1 - 1.06 ** -5), 12);
    expect(r.macaulayDuration).toBeCloseTo(4.4651, 4);
    expect(r.modifiedDuration).toBeCloseTo(4.2124, 4);
    expect(r.convexity).toBeCloseTo(22.918702778911026, 10);
    expect(r.currentYield).toBeCloseTo(0.06, 12);
  });

  it("Fabozzi's 20-year 10 % semi-annual bond at an 11 % yield is priced 919.77 per 1,000", () => {
    const r = bondAnalysis({ faceValue: 1000, couponRate: 0.1, frequency: 2, maturityYears: 20, yield: 0.11 });
    expect(r.price).toBeCloseTo(919.77, 2);
    expect(r.periods).toBe(40);
    expect(r.couponPayment).toBe(50);
    expect(r.macaulayDuration).toBeCloseTo(8.598259201724533, 10);
    expect(r.modifiedDuration).toBeCloseTo(8.150008722013776, 10);
    expect(r.convexity).toBeCloseTo(108.43994738009837, 8);
    expect(r.dv01).toBeCloseTo((8.150008722013776 * 919.76937657314) / 10000, 10);
  });

  it('a zero-coupon bond: duration = maturity, convexity = n(n+1)/(f²(1+y/f)²)', () => {
    const r = bondAnalysis({ couponRate: 0, frequency: 2, maturityYears: 10, yield: 0.05 });
    expect(r.price).toBeCloseTo(100 / 1.025 ** 20, 12);
    expect(r.macaulayDuration).toBeCloseTo(10, 12);
    expect(r.modifiedDuration).toBeCloseTo(10 / 1.025, 12);
    expect(r.convexity).toBeCloseTo((20 * 21) / (4 * 1.025 ** 2), 10);
  });

  it('duration and convexity match finite differences of the price', () => {
    const spec = { couponRate: 0.05, frequency: 4 as const, maturityYears: 3 };
    const y = 0.045;
    const h = 1e-5;
    const r = bondAnalysis({ ...spec, yield: y });
    const dP = (bondPrice(spec, y + h) - bondPrice(spec, y - h)) / (2 * h);
    const d2P = (bondPrice(spec, y + h) - 2 * r.price + bondPrice(spec, y - h)) / (h * h);
    expect(r.modifiedDuration).toBeCloseTo(-dP / r.price, 6);
    expect(r.convexity).toBeCloseTo(d2P / r.price, 3);
    expect(r.price).toBeCloseTo(101.39583662802036, 10);
  });

  it('solves the yield to maturity from a price', () => {
    const r = bondAnalysis({ faceValue: 1000, couponRate: 0.1, frequency: 2, maturityYears: 20, price: 919.76937657314 });
    expect(r.yield).toBeCloseTo(0.11, 10);
    expect(yieldToMaturity({ couponRate: 0.08, frequency: 2, maturityYears: 10 }, 87.53778965746)).toBeCloseTo(0.1, 10);
    // par bond → yield = coupon
    expect(yieldToMaturity({ couponRate: 0.045, frequency: 12, maturityYears: 7 }, 100)).toBeCloseTo(0.045, 10);
  });

  it('names bad fields', () => {
    expect(validateBondAnalysis({ couponRate: 0.05, maturityYears: 2.3, frequency: 3 }).map((p) => p.field)).toEqual([
      'frequency',
      'maturityYears',
      'yield',
    ]);
    expect(validateBondAnalysis({ couponRate: 0.05, maturityYears: 2, yield: 0.05, price: 100 })[0].field).toBe('price');
    expect(validateBondAnalysis({ couponRate: -1, maturityYears: 0, price: -5 }).map((p) => p.field)).toEqual([
      'couponRate',
      'maturityYears',
      'price',
    ]);
    expect(validateBondAnalysis({ couponRate: 0.05, maturityYears: 2, price: 1e9 })).toEqual([
      { field: 'price', message: 'no yield between −50 % and 500 % gives this price' },
    ]);
    expect(() => bondAnalysis({ couponRate: 0.05, maturityYears: 2 })).toThrow(QuantInputError);
  });
});
