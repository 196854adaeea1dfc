import { portfolioRisk, validatePortfolioRisk } from './portfolio';
import { QuantInputError } from './problems';
import { pricePath } from './returns';

// Reference values computed independently with numpy (np.cov ddof=1, w @ S @ w, np.quantile) and
// scipy.stats.norm.ppf.
const A = [0.01, -0.02, 0.015, -0.005, 0.03, -0.01, 0.005, 0.02, -0.025, 0.0];
const B = [0.004, 0.006, -0.01, 0.002, 0.01, -0.004, 0.003, -0.002, 0.001, 0.005];
const C = [-0.01, 0.02, 0.0, 0.01, -0.02, 0.015, -0.005, 0.01, 0.02, -0.01];

describe('portfolioRisk', () => {
  const r = portfolioRisk({
    assets: [
      { symbol: 'A', returns: A, weight: 0.5 },
      { symbol: 'B', returns: B, weight: 0.3 },
      { symbol: 'C', returns: C, weight: 0.2 },
    ],
    confidenceLevels: [0.95],
    portfolioValue: 1_000_000,
  });

  it('covariance and correlation matrices', () => {
    expect(r.covariance[0][1]).toBeCloseTo(2.22222222222223e-6, 16);
    expect(r.covariance[1][0]).toBe(r.covariance[0][1]);
    expect(r.correlation[0][2]).toBeCloseTo(-0.7645203153496608, 12);
    expect(r.correlation[1][1]).toBe(1);
  });

  it('portfolio volatility √(wᵀΣw), annualised with √252', () => {
    expect(r.volatility).toBeCloseTo(0.006855370968161469, 14);
    expect(r.annualizedVolatility).toBeCloseTo(0.10882564036108404, 13);
  });

  it('risk contributions sum to the portfolio volatility and their shares to 1', () => {
    expect(r.assets.map((a) => a.riskContribution)).toEqual([
      expect.closeTo(0.008501039265189058, 14),
      expect.closeTo(0.00020689373921856688, 14),
      expect.closeTo(-0.0018525620362461566, 14),
    ]);
    expect(r.assets.reduce((s, a) => s + a.riskContribution, 0)).toBeCloseTo(r.volatility, 14);
    expect(r.assets.reduce((s, a) => s + a.riskContributionShare, 0)).toBeCloseTo(1, 12);
  });

  it('diversification ratio and VaR', () => {
    expect(r.diversificationRatio).toBeCloseTo(1.9329811310750533, 12);
    expect(r.var[0].historicalVaR).toBeCloseTo(0.0064, 14);
    expect(r.var[0].expectedShortfall).toBeCloseTo(0.0082, 14);
    expect(r.var[0].parametricVaR).toBeCloseTo(0.009226081801078218, 13);
    expect(r.var[0].parametricVaRValue).toBeCloseTo(9226.0818010782, 6);
    expect(r.var[0].historicalVaRValue).toBeCloseTo(6400, 8);
  });

  it('diversification ratio is 1 for perfectly correlated assets and √2 for two uncorrelated equal-vol assets', () => {
    const x = [0.01, -0.01, 0.01, -0.01];
    const y = [0.01, 0.01, -0.01, -0.01];
    expect(
      portfolioRisk({
        assets: [
          { symbol: 'X', returns: x, weight: 0.5 },
          { symbol: 'Y', returns: x.map((v) => 2 * v), weight: 0.5 },
        ],
      }).diversificationRatio,
    ).toBeCloseTo(1, 12);
    const u = portfolioRisk({
      assets: [
        { symbol: 'X', returns: x, weight: 0.5 },
        { symbol: 'Y', returns: y, weight: 0.5 },
      ],
    });
    expect(u.correlation[0][1]).toBeCloseTo(0, 14);
    expect(u.diversificationRatio).toBeCloseTo(Math.SQRT2, 12);
  });

  it('derives weights from positions (value, or quantity × last price)', () => {
    const pa = pricePath(A, 50);
    const p = portfolioRisk({
      assets: [
        { symbol: 'A', prices: pa, quantity: 100 },
        { symbol: 'B', returns: B, value: 3000 },
      ],
    });
    const va = 100 * pa[pa.length - 1];
    expect(p.portfolioValue).toBeCloseTo(va + 3000, 10);
    expect(p.weights.A).toBeCloseTo(va / (va + 3000), 14);
    expect(p.weightSum).toBeCloseTo(1, 14);
    expect(p.periodsPerYear).toBe(252);
    expect(p.var[0].historicalVaRValue).toBeCloseTo(p.var[0].historicalVaR * (va + 3000), 8);
  });

  it('names bad fields', () => {
    expect(validatePortfolioRisk({ assets: [] })[0].field).toBe('assets');
    const p = validatePortfolioRisk({
      assets: [
        { symbol: 'A', returns: A, weight: 0.5 },
        { symbol: 'A', returns: B.slice(1), weight: 'x' },
        { symbol: 'C', returns: C },
      ],
    });
    expect(p.map((x) => x.field)).toEqual(['assets[1].symbol', 'assets[1]', 'assets[1].weight', 'assets[2].weight']);
    expect(
      validatePortfolioRisk({
        assets: [
          { symbol: 'A', returns: A, weight: 1 },
          { symbol: 'B', returns: B, value: 10 },
        ],
      }),
    ).toEqual([{ field: 'assets', message: 'give weights for every asset or positions for every asset, not a mix' }]);
    expect(
      validatePortfolioRisk({
        assets: [
          { symbol: 'A', returns: A, weight: 1 },
          { symbol: 'B', returns: B, weight: -1 },
        ],
      })[0].message,
    ).toMatch(/sum to 0/);
    expect(validatePortfolioRisk({ assets: [{ symbol: 'A', returns: A, quantity: 3 }] })[0].field).toBe(
      'assets[0].price',
    );
    expect(() => portfolioRisk({ assets: [] })).toThrow(QuantInputError);
  });
});
