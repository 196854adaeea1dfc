import { blackScholes, impliedVolatility, optionsPricing, priceBounds, validateOptionsPricing } from './options';
import { QuantInputError } from './problems';

describe('blackScholes', () => {
  it("Hull's Example 15.6: S=42, K=40, r=10%, σ=20%, T=0.5 → call 4.76, put 0.81", () => {
    const r = blackScholes({ spot: 42, strike: 40, riskFreeRate: 0.1, volatility: 0.2, timeToExpiry: 0.5 });
    expect(r.d1).toBeCloseTo(0.7693, 4);
    expect(r.d2).toBeCloseTo(0.6278, 4);
    expect(r.call.price).toBeCloseTo(4.76, 2);
    expect(r.put.price).toBeCloseTo(0.81, 2);
    // scipy reference to more digits
    expect(r.call.price).toBeCloseTo(4.759422392871532, 10);
    expect(r.put.price).toBeCloseTo(0.8085993729000922, 10);
  });

  it("Hull's greeks example (S=49, K=50, r=5%, σ=20%, T=20 weeks): Δ 0.522, Γ 0.066, vega 12.1, Θ −4.31/yr, ρ 8.91", () => {
    const r = blackScholes({ spot: 49, strike: 50, riskFreeRate: 0.05, volatility: 0.2, timeToExpiry: 20 / 52 });
    expect(r.call.price).toBeCloseTo(2.4, 2);
    expect(r.call.delta).toBeCloseTo(0.522, 3);
    expect(r.call.gamma).toBeCloseTo(0.066, 3);
    expect(r.call.vega).toBeCloseTo(12.1, 1);
    expect(r.call.vegaPerPoint).toBeCloseTo(0.121, 3);
    expect(r.call.theta).toBeCloseTo(-4.31, 2);
    expect(r.call.thetaPerDay).toBeCloseTo(-0.0118, 4);
    expect(r.call.rho).toBeCloseTo(8.91, 2);
    // put greeks (scipy)
    expect(r.put.delta).toBeCloseTo(0.5216046610663964 - 1, 12);
    expect(r.put.theta).toBeCloseTo(-1.8529474170320668, 10);
    expect(r.put.rho).toBeCloseTo(-9.957518095780165, 10);
  });

  it("Hull's Example 17.1 with a dividend yield: S=930, K=900, r=8%, q=3%, σ=20%, T=2 months → call 51.83", () => {
    const r = blackScholes({
      spot: 930,
      strike: 900,
      riskFreeRate: 0.08,
      dividendYield: 0.03,
      volatility: 0.2,
      timeToExpiry: 2 / 12,
    });
    // Hull prints d1 = 0.5444, d2 = 0.4628 (truncated to 4 decimals)
    expect(Math.abs(r.d1 - 0.5444)).toBeLessThan(1e-4);
    expect(Math.abs(r.d2 - 0.4628)).toBeLessThan(1e-4);
    expect(r.call.price).toBeCloseTo(51.83, 2);
    expect(r.put.price).toBeCloseTo(14.550996773772454, 9);
    expect(r.call.delta).toBeCloseTo(0.7034180086011922, 12);
  });

  it('satisfies put–call parity with dividends: c − p = S·e^(−qT) − K·e^(−rT)', () => {
    const p = { spot: 101, strike: 95, riskFreeRate: 0.03, dividendYield: 0.015, volatility: 0.35, timeToExpiry: 1.7 };
    const r = blackScholes(p);
    expect(r.call.price - r.put.price).toBeCloseTo(101 * Math.exp(-0.015 * 1.7) - 95 * Math.exp(-0.03 * 1.7), 12);
  });

  it('greeks match finite differences of the price', () => {
    const p = { spot: 100, strike: 105, riskFreeRate: 0.04, dividendYield: 0.02, volatility: 0.25, timeToExpiry: 0.75 };
    const h = 1e-4;
    const price = (o: Partial<typeof p>) => blackScholes({ ...p, ...o });
    for (const t of ['call', 'put'] as const) {
      const base = price({})[t];
      const dS = (price({ spot: p.spot + h })[t].price - price({ spot: p.spot - h })[t].price) / (2 * h);
      const d2S =
        (price({ spot: p.spot + h })[t].price - 2 * base.price + price({ spot: p.spot - h })[t].price) / (h * h);
      const dV =
        (price({ volatility: p.volatility + h })[t].price - price({ volatility: p.volatility - h })[t].price) / (2 * h);
      const dR =
        (price({ riskFreeRate: p.riskFreeRate + h })[t].price - price({ riskFreeRate: p.riskFreeRate - h })[t].price) /
        (2 * h);
      // theta = −∂V/∂T
      const dT =
        -(price({ timeToExpiry: p.timeToExpiry + h })[t].price - price({ timeToExpiry: p.timeToExpiry - h })[t].price) /
        (2 * h);
      expect(base.delta).toBeCloseTo(dS, 7);
      expect(base.gamma).toBeCloseTo(d2S, 4);
      expect(base.vega).toBeCloseTo(dV, 6);
      expect(base.rho).toBeCloseTo(dR, 6);
      expect(base.theta).toBeCloseTo(dT, 6);
    }
  });
});

describe('impliedVolatility', () => {
  const p = { spot: 42, strike: 40, riskFreeRate: 0.1, timeToExpiry: 0.5 };

  it('recovers the volatility from the exact price', () => {
    for (const sigma of [0.05, 0.2, 0.8, 2.5]) {
      const r = blackScholes({ ...p, volatility: sigma });
      expect(impliedVolatility('call', r.call.price, p)).toBeCloseTo(sigma, 9);
      expect(impliedVolatility('put', r.put.price, p)).toBeCloseTo(sigma, 9);
    }
  });

  it("gives ≈ 20 % from Hull's rounded call price 4.76", () => {
    expect(impliedVolatility('call', 4.76, p)).toBeCloseTo(0.2, 3);
  });

  it('is undefined outside the no-arbitrage bounds', () => {
    const b = priceBounds('call', p);
    expect(b.lower).toBeCloseTo(42 - 40 * Math.exp(-0.05), 12);
    expect(impliedVolatility('call', b.lower - 0.01, p)).toBeUndefined();
    expect(impliedVolatility('call', 42, p)).toBeUndefined();
  });
});

describe('optionsPricing', () => {
  it('prices with a given volatility', () => {
    const r = optionsPricing({ spot: 42, strike: 40, riskFreeRate: 0.1, volatility: 0.2, timeToExpiry: 0.5 });
    expect(r.volatility).toBe(0.2);
    expect(r.impliedVolatility).toBeUndefined();
    expect(r.call.price).toBeCloseTo(4.7594, 4);
  });

  it('solves the implied volatility from a market price and prices both legs with it', () => {
    const r = optionsPricing({
      type: 'put',
      spot: 42,
      strike: 40,
      riskFreeRate: 0.1,
      timeToExpiry: 0.5,
      marketPrice: 0.8085993729000922,
    });
    expect(r.impliedVolatility).toBeCloseTo(0.2, 9);
    expect(r.call.price).toBeCloseTo(4.759422392871532, 8);
  });

  it('names bad fields', () => {
    expect(
      validateOptionsPricing({ spot: -1, strike: 0, timeToExpiry: 0, riskFreeRate: 'x', type: 'straddle' }).map(
        (p) => p.field,
      ),
    ).toEqual(['type', 'spot', 'strike', 'timeToExpiry', 'riskFreeRate', 'volatility']);
    expect(
      validateOptionsPricing({ spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, marketPrice: 1 })[0].field,
    ).toBe('type');
    expect(
      validateOptionsPricing({
        type: 'call',
        spot: 42,
        strike: 40,
        timeToExpiry: 0.5,
        riskFreeRate: 0.1,
        marketPrice: 50,
      }),
    ).toEqual([{ field: 'marketPrice', message: expect.stringContaining('no-arbitrage bounds') }]);
    expect(() => optionsPricing({ spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1 })).toThrow(
      QuantInputError,
    );
  });
});
