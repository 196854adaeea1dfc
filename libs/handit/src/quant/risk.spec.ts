import { maxDrawdown, riskAssessment, validateRiskAssessment } from './risk';
import { pricePath, simpleReturns } from './returns';
import { QuantInputError } from './problems';
import { randomCandles } from './testing/fixtures';

// Reference values computed independently with numpy/scipy:
//   np.quantile(r, 1 − p) (method 'linear'), r.std(ddof=1), norm.ppf, np.cov / np.corrcoef.
const R = [0.01, -0.02, 0.015, -0.005, 0.03, -0.01, 0.005, 0.02, -0.025, 0.0, 0.012, -0.008];
const B = [0.008, -0.015, 0.01, -0.002, 0.02, -0.012, 0.004, 0.015, -0.02, 0.001, 0.01, -0.005];

describe('riskAssessment', () => {
  const res = riskAssessment({
    returns: R,
    benchmark: { returns: B },
    riskFreeRate: 0.02,
    periodsPerYear: 252,
    confidenceLevels: [0.95, 0.99, 0.9],
  });

  it('mean and annualised volatility (sample std × √252)', () => {
    expect(res.periods).toBe(12);
    expect(res.meanReturn).toBeCloseTo(0.002, 15);
    expect(res.annualizedReturn).toBeCloseTo(0.504, 12);
    expect(res.volatility).toBeCloseTo(0.016403990645294488, 14);
    expect(res.annualizedVolatility).toBeCloseTo(0.260405278538875, 13);
  });

  it('historical VaR interpolates between order statistics', () => {
    // sorted: −0.025, −0.02, …; p = 0.95 → h = 11·0.05 = 0.55 → −0.025 + 0.55·0.005 = −0.02225
    expect(res.var[0].historicalVaR).toBeCloseTo(0.02225, 14);
    expect(res.var[1].historicalVaR).toBeCloseTo(0.02445, 14);
    expect(res.var[2].historicalVaR).toBeCloseTo(0.019, 14);
  });

  it('expected shortfall averages the returns at or below −VaR', () => {
    expect(res.var[0].expectedShortfall).toBeCloseTo(0.025, 14);
    expect(res.var[2].expectedShortfall).toBeCloseTo(0.0225, 14); // (−0.025 − 0.02)/2
  });

  it('parametric VaR and ES use the normal quantile', () => {
    expect(res.var[0].parametricVaR).toBeCloseTo(0.024982163509390656, 12);
    expect(res.var[1].parametricVaR).toBeCloseTo(0.03616138876346667, 12);
    expect(res.var[0].parametricExpectedShortfall).toBeCloseTo(0.031836721598280944, 12);
    expect(res.var[1].confidence).toBe(0.99);
  });

  it('max drawdown, Sharpe and Sortino', () => {
    expect(res.maxDrawdown).toBeCloseTo(0.025, 12);
    expect(res.riskFreeRatePerPeriod).toBeCloseTo(0.02 / 252, 15);
    expect(res.sharpe).toBeCloseTo(1.858641279146518, 11);
    expect(res.downsideDeviation).toBeCloseTo(0.01010293457239276, 14);
    expect(res.sortino).toBeCloseTo(3.017849312752371, 11);
  });

  it('beta and correlation against the benchmark', () => {
    expect(res.beta).toBeCloseTo(1.3106853644084535, 12);
    expect(res.correlation).toBeCloseTo(0.989682590747943, 12);
  });

  it('defaults: 0.95 and 0.99, rf 0, periods per year from the asset class', () => {
    const crypto = riskAssessment({ returns: R, assetClass: 'crypto' });
    expect(crypto.periodsPerYear).toBe(365);
    expect(crypto.annualizedVolatility).toBeCloseTo(0.016403990645294488 * Math.sqrt(365), 13);
    expect(crypto.var.map((v) => v.confidence)).toEqual([0.95, 0.99]);
    expect(crypto.beta).toBeNull();
    expect(riskAssessment({ returns: R, assetClass: 'forex' }).periodsPerYear).toBe(260);
    expect(riskAssessment({ returns: R }).periodsPerYear).toBe(252);
    expect(crypto.sharpe).toBeCloseTo((0.002 / 0.016403990645294488) * Math.sqrt(365), 11);
  });

  it('prices, candles and returns give the same figures', () => {
    const candles = randomCandles(120, 31);
    const closes = candles.map((c) => c.close);
    const a = riskAssessment({ candles });
    const b = riskAssessment({ prices: closes });
    const c = riskAssessment({ returns: simpleReturns(closes) });
    expect(b).toEqual(a);
    expect(c.var[0].historicalVaR).toBeCloseTo(a.var[0].historicalVaR, 14);
    expect(c.maxDrawdown).toBeCloseTo(a.maxDrawdown, 12);
  });

  it('null ratios when there is no dispersion', () => {
    const flat = riskAssessment({ returns: [0.01, 0.01, 0.01] });
    expect(flat.sharpe).toBeNull();
    expect(flat.sortino).toBeNull();
    expect(flat.maxDrawdown).toBe(0);
  });
});

describe('maxDrawdown', () => {
  it('is the largest fall from a running peak', () => {
    expect(maxDrawdown([100, 120, 90, 110, 60, 130])).toBeCloseTo(0.5, 15);
    expect(maxDrawdown([1, 2, 3])).toBe(0);
    expect(maxDrawdown(pricePath([0.1, -0.5]))).toBeCloseTo(0.5, 15);
  });
});

describe('validateRiskAssessment', () => {
  it('names bad fields', () => {
    expect(validateRiskAssessment({}).map((p) => p.field)).toEqual(['input']);
    expect(validateRiskAssessment({ returns: [0.1, 0.2], prices: [1, 2, 3] })[0].message).toMatch(/only one/);
    expect(validateRiskAssessment({ returns: [0.1] }).map((p) => p.field)).toEqual(['returns']);
    expect(validateRiskAssessment({ returns: [0.1, NaN, -2] }).map((p) => p.field)).toEqual([
      'returns[1]',
      'returns[2]',
    ]);
    expect(validateRiskAssessment({ prices: [1, 0, 2] }).map((p) => p.field)).toEqual(['prices[1]']);
    const tooLarge = validateRiskAssessment({ prices: [1, 2e100, 2] });
    expect(tooLarge).toEqual([{ field: 'prices[1]', message: 'must be within ±1e100' }]);
    expect(
      validateRiskAssessment({ returns: R, confidenceLevels: [0.95, 1.2], riskFreeRate: 'x', periodsPerYear: 0 }).map(
        (p) => p.field,
      ),
    ).toEqual(['confidenceLevels[1]', 'riskFreeRate', 'periodsPerYear']);
    expect(validateRiskAssessment({ returns: R, benchmark: { returns: B.slice(1) } })).toEqual([
      { field: 'benchmark', message: 'must give as many periods as the asset (12 returns; benchmark has 11)' },
    ]);
    expect(validateRiskAssessment({ returns: R, benchmark: { prices: [1, -1, 2] } })[0].field).toBe(
      'benchmark.prices[1]',
    );
  });

  it('riskAssessment throws QuantInputError', () => {
    expect(() => riskAssessment({ returns: [] })).toThrow(QuantInputError);
  });
});
