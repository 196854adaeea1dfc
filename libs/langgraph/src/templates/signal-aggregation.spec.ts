import { aggregateSignal, TechnicalResult, RiskResult } from './signal-aggregation';
import { proposeTrades, targetWeights } from './rebalance';
import { rankSignals } from './market-scan';

const technical = (score: number, action: 'buy' | 'sell' | 'hold', confidence = 0.75): TechnicalResult => ({
  action,
  score,
  confidence,
  reasons: [],
  entry: 100,
  stopLoss: 95,
  takeProfit: 110,
});
const risk: RiskResult = {
  annualizedVolatility: 0.25,
  maxDrawdown: 0.1,
  var: [{ confidence: 0.95, historicalVaR: 0.02, parametricVaR: 0.021 }],
};

describe('trading-analysis aggregation', () => {
  it('without sentiment keeps the technical action and scales confidence by risk', () => {
    for (const [score, action] of [
      [2, 'buy'],
      [1, 'hold'],
      [-2, 'sell'],
      [0, 'hold'],
    ] as const) {
      expect(aggregateSignal(technical(score, action), risk, null).action).toBe(action);
    }
    const s = aggregateSignal(technical(2, 'buy', 0.75), risk, null);
    expect(s.confidence).toBeCloseTo(0.75 / 1.25, 6);
    expect(s.stopLoss).toBe(95);
  });

  it('lets strong opposite sentiment pull a marginal buy to hold and drops its stops', () => {
    const s = aggregateSignal(technical(2, 'buy', 0.5), risk, {
      aggregate: { meanNormalized: -0.8, label: 'negative', count: 3 },
    });
    expect(s.combinedScore).toBeCloseTo(0.7 * 0.5 - 0.3 * 0.8, 6);
    expect(s.action).toBe('hold');
    expect(s.stopLoss).toBeNull();
    expect(s.confidence).toBeCloseTo((0.7 * 0.5 + 0.3 * 0) / 1.25, 6);
  });
});

describe('portfolio-rebalance arithmetic', () => {
  it('inverse-volatility weights sum to 1 and favour the calmer asset; trades reach the targets', () => {
    const w = targetWeights('inverse-volatility', { A: 0.3, B: 0.1 });
    expect(w.A + w.B).toBeCloseTo(1, 6);
    expect(w.B).toBeCloseTo(0.75, 6);
    const { totalValue, trades, turnover } = proposeTrades(
      [
        { symbol: 'A', quantity: 10, price: 100 },
        { symbol: 'B', quantity: 10, price: 100 },
      ],
      w,
      0,
    );
    expect(totalValue).toBe(2000);
    expect(trades).toEqual([
      expect.objectContaining({ symbol: 'A', side: 'sell', notional: 500, quantity: 5 }),
      expect.objectContaining({ symbol: 'B', side: 'buy', notional: 500, quantity: 5 }),
    ]);
    expect(turnover).toBe(1000);
    expect(proposeTrades([{ symbol: 'A', quantity: 10, price: 100 }], { A: 1 }, 1).trades).toEqual([]);
  });
});

describe('market-scan ranking', () => {
  it('orders by score, then confidence, then symbol', () => {
    const r = rankSignals([
      { symbol: 'B', action: 'hold', score: 0, confidence: 0.5, entry: 1, taskId: 't1' },
      { symbol: 'A', action: 'buy', score: 2, confidence: 0.5, entry: 1, taskId: 't2' },
      { symbol: 'C', action: 'buy', score: 2, confidence: 0.75, entry: 1, taskId: 't3' },
    ]);
    expect(r.map((x) => `${x.rank}${x.symbol}`)).toEqual(['1C', '2A', '3B']);
  });
});
