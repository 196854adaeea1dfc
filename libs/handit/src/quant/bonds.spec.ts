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
    const r = bondAnalysis({
      faceValue: 1000,
      couponRate: 0.1,
      frequency: 2,
      maturityYears: 20,
      price: 919.76937657314,
    });
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
    expect(validateBondAnalysis({ couponRate: 0.05, maturityYears: 2, yield: 0.05, price: 100 })[0].field).toBe(
      'price',
    );
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

// Reference values are the worked examples of the spreadsheet bond functions (PRICE, YIELD,
// DURATION, MDURATION), which use the same conventions for settlement between coupon dates.
describe('bondAnalysis between coupon dates', () => {
  const EXAMPLE = {
    settlementDate: '2008-02-15',
    maturityDate: '2017-11-15',
    couponRate: 0.0575,
    frequency: 2 as const,
  };

  it('PRICE example: 5.75 % to 2017-11-15 at 6.5 %, settled 2008-02-15, 30/360 → 94.63436162 clean', () => {
    const r = bondAnalysis({ ...EXAMPLE, yield: 0.065 });
    expect(r.price).toBeCloseTo(94.63436162, 8);
    expect(r.accruedInterest).toBeCloseTo(2.875 * 0.5, 12);
    expect(r.dirtyPrice).toBeCloseTo(r.price + r.accruedInterest, 12);
    expect(r.periods).toBe(20);
    expect(r.schedule).toEqual({
      settlementDate: '2008-02-15',
      maturityDate: '2017-11-15',
      dayCount: '30/360',
      previousCouponDate: '2007-11-15',
      nextCouponDate: '2008-05-15',
      remainingCoupons: 20,
      accruedDays: 90,
      daysInPeriod: 180,
      fractionToNextCoupon: 0.5,
      accruedFraction: 0.5,
    });
  });

  it('YIELD example: the same bond to 2016-11-15 at a clean 95.04287 yields 6.5 %', () => {
    const r = bondAnalysis({ ...EXAMPLE, maturityDate: '2016-11-15', price: 95.04287 });
    expect(r.yield).toBeCloseTo(0.065, 7);
    expect(r.price).toBeCloseTo(95.04287, 10);
  });

  it('DURATION/MDURATION example: 8 % to 2016-01-01 at 9 %, settled on a coupon date, ACT/ACT → 5.993775 and 5.73567', () => {
    const dated = bondAnalysis({
      settlementDate: '2008-01-01',
      maturityDate: '2016-01-01',
      couponRate: 0.08,
      frequency: 2,
      dayCount: 'ACT/ACT',
      yield: 0.09,
    });
    expect(dated.macaulayDuration).toBeCloseTo(5.993775, 6);
    expect(dated.modifiedDuration).toBeCloseTo(5.73567, 5);
    expect(dated.accruedInterest).toBe(0);
    // On a coupon date the dated and the maturityYears forms are the same bond.
    const plain = bondAnalysis({ maturityYears: 8, couponRate: 0.08, frequency: 2, yield: 0.09 });
    for (const key of ['price', 'dirtyPrice', 'macaulayDuration', 'modifiedDuration', 'convexity', 'dv01'] as const)
      expect(dated[key]).toBeCloseTo(plain[key], 10);
    expect(plain.accruedInterest).toBe(0);
    expect(plain.schedule).toBeUndefined();
  });

  it('counts days by the chosen convention', () => {
    const base = {
      settlementDate: '2024-03-01',
      maturityDate: '2030-07-15',
      couponRate: 0.04,
      frequency: 2 as const,
      yield: 0.05,
    };
    // 2024-01-15 → 2024-03-01 is 46 actual days (leap February); the period has 182.
    expect(bondAnalysis({ ...base, dayCount: 'ACT/ACT' }).schedule).toMatchObject({
      previousCouponDate: '2024-01-15',
      nextCouponDate: '2024-07-15',
      accruedDays: 46,
      daysInPeriod: 182,
      fractionToNextCoupon: 136 / 182,
    });
    expect(bondAnalysis({ ...base, dayCount: 'ACT/365' }).schedule).toMatchObject({
      accruedDays: 46,
      daysInPeriod: 182.5,
      fractionToNextCoupon: 136 / 182.5,
    });
    expect(bondAnalysis({ ...base, dayCount: '30/360' }).schedule).toMatchObject({
      accruedDays: 46,
      daysInPeriod: 180,
      fractionToNextCoupon: 134 / 180,
    });
    expect(bondAnalysis({ ...base, dayCount: 'ACT/ACT' }).accruedInterest).toBeCloseTo(2 * (46 / 182), 12);
  });

  it('keeps end-of-month coupons on the last day of the month', () => {
    // 2028-02-29, 2028-08-31, 2029-02-28, 2029-08-31 and 2030-02-28 remain.
    const r = bondAnalysis({
      settlementDate: '2027-09-10',
      maturityDate: '2030-02-28',
      couponRate: 0.05,
      frequency: 2,
      yield: 0.05,
      dayCount: 'ACT/ACT',
    });
    expect(r.schedule).toMatchObject({
      previousCouponDate: '2027-08-31',
      nextCouponDate: '2028-02-29',
      remainingCoupons: 5,
    });
  });

  it('duration and convexity match finite differences of the dirty price between coupon dates', () => {
    const spec = { ...EXAMPLE, dayCount: 'ACT/ACT' as const };
    const y = 0.061;
    const h = 1e-5;
    const r = bondAnalysis({ ...spec, yield: y });
    // The accrued interest does not depend on the yield, so clean and dirty prices move alike.
    const dP = (bondPrice(spec, y + h) - bondPrice(spec, y - h)) / (2 * h);
    const d2P = (bondPrice(spec, y + h) - 2 * r.price + bondPrice(spec, y - h)) / (h * h);
    expect(r.modifiedDuration).toBeCloseTo(-dP / r.dirtyPrice, 6);
    expect(r.convexity).toBeCloseTo(d2P / r.dirtyPrice, 3);
  });

  it('names bad date fields', () => {
    const fields = (o: object) => validateBondAnalysis({ couponRate: 0.05, yield: 0.05, ...o }).map((p) => p.field);
    expect(fields({ maturityYears: 5, settlementDate: '2020-01-01', maturityDate: '2025-01-01' })).toEqual([
      'maturityYears',
    ]);
    expect(fields({ settlementDate: '2020-02-30', maturityDate: '2025-01-01' })).toEqual(['settlementDate']);
    expect(fields({ settlementDate: '2025-01-01', maturityDate: '2020-01-01' })).toEqual(['maturityDate']);
    expect(fields({ settlementDate: '2020-01-01' })).toEqual(['maturityDate']);
    expect(fields({ settlementDate: '2020-01-01', maturityDate: '2025-01-01', dayCount: 'ACT/360' })).toEqual([
      'dayCount',
    ]);
    expect(fields({ maturityYears: 5, dayCount: 'ACT/ACT' })).toEqual(['dayCount']);
    expect(fields({ settlementDate: '2000-01-01', maturityDate: '2150-01-01' })).toEqual(['maturityDate']);
  });
});
