import { rebalanceExposure } from '../templates/rebalance';
import { evaluateLimits, largestMove, parseExposure } from './risk-limits';
import type { RiskLimit, RiskMetric } from './risk.types';

const at = new Date('2030-01-01T00:00:00Z');
const limit = (metric: RiskMetric, max: number, extra: Partial<RiskLimit> = {}): RiskLimit => ({
  id: `L-${metric}`,
  tenant: 'desk-eq',
  desk: null,
  metric,
  symbol: null,
  max,
  createdBy: 'admin',
  createdAt: at,
  updatedAt: at,
  ...extra,
});

describe('risk limits', () => {
  const exposure = { notional: 180_000, positions: { SPY: 300_000, TLT: -100_000 }, var: 9_000, drawdown: 0.12 };

  it('names each limit an exposure exceeds, with its owner, value and bound', () => {
    const breaches = evaluateLimits(
      [
        limit('notional', 150_000),
        limit('position', 250_000, { desk: 'equities' }),
        limit('var', 10_000),
        limit('drawdown', 0.1),
        limit('concentration', 0.7),
      ],
      exposure,
    );
    expect(breaches.map((b) => b.message)).toEqual([
      'notional 180,000 exceeds the tenant notional limit L-notional (max 150,000)',
      'position SPY 300,000 exceeds the desk equities position limit L-position (max 250,000)',
      'drawdown 12% exceeds the tenant drawdown limit L-drawdown (max 10%)',
      // 300k of 400k gross is 75%.
      'concentration 75% exceeds the tenant concentration limit L-concentration (max 70%)',
    ]);
    expect(breaches[1]).toMatchObject({ metric: 'position', desk: 'equities', value: 300_000, max: 250_000 });
  });

  it('bounds one symbol when the position limit names it, the absolute value counting', () => {
    const [tlt] = evaluateLimits([limit('position', 50_000, { symbol: 'TLT' })], exposure);
    expect(tlt.message).toMatch(/^position TLT 100,000 exceeds/);
    expect(evaluateLimits([limit('position', 50_000, { symbol: 'GLD' })], exposure)).toEqual([]);
  });

  it('fails closed: a limit the exposure gives no figure for is a breach', () => {
    const [breach] = evaluateLimits([limit('var', 10_000)], { notional: 1 });
    const message = "the tenant var limit L-var (max 10,000) cannot be checked: the gate's exposure has no VaR";
    expect(breach).toMatchObject({ value: null, message });
  });

  it('checks the exposure a template produced, field by field', () => {
    expect(parseExposure({ notional: 'a lot', positions: { A: 'x' }, leverage: 3 }).problems).toEqual([
      'exposure.leverage is not an exposure field',
      'exposure.notional must be a number',
      'exposure.positions must map symbols to numbers',
    ]);
    expect(parseExposure([1]).problems).toEqual(['exposure must be an object']);
    // A template's var of something absent yields null: not given, so its limit fails closed.
    expect(parseExposure({ notional: 5, prices: null })).toEqual({ exposure: { notional: 5 }, problems: [] });
  });

  it('finds the largest price move against the request’s prices', () => {
    const move = largestMove({ A: 100, B: 50 }, { A: 101, B: 48 });
    expect(move).toMatchObject({ symbol: 'B', from: 50, to: 48 });
    expect(move?.move).toBeCloseTo(0.04, 12);
    expect(largestMove({ A: 100 }, {})).toBeNull();
  });
});

describe('portfolio-rebalance exposure', () => {
  it('values positions after the trades and measures the post-trade VaR and drawdown', () => {
    const holdings = [
      { symbol: 'A', quantity: 10, price: 100, returns: [0.01, -0.02, 0.03, -0.04] },
      { symbol: 'B', quantity: 10, price: 100, returns: [0.0, 0.0, 0.0, 0.0] },
    ];
    const trades = [
      { symbol: 'A', side: 'sell' as const, quantity: 5, notional: 500, fromWeight: 0.5, toWeight: 0.25 },
      { symbol: 'B', side: 'buy' as const, quantity: 5, notional: 500, fromWeight: 0.5, toWeight: 0.75 },
    ];
    const e = rebalanceExposure(holdings, { trades, turnover: 1000 });
    expect(e).toMatchObject({ notional: 1000, positions: { A: 500, B: 1500 }, prices: { A: 100, B: 100 } });
    // Portfolio returns are a quarter of A's: 0.0025, -0.005, 0.0075, -0.01.
    // Historical 95% VaR, type-7 quantile at 5%: −0.01 + 0.15 × 0.005 = −0.00925, of 2000 = 18.5.
    expect(e.var).toBeCloseTo(18.5, 6);
    // Path 1 → 1.0025 → 0.99749 → 1.00497 → 0.99492: the fall from 1.00497 is 1%.
    expect(e.drawdown).toBeCloseTo(0.01, 6);
  });
});
