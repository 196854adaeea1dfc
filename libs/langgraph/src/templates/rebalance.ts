import { quant } from '@app/handit';
import type { Exposure } from '../risk/risk.types';

/**
 * portfolio-rebalance's arithmetic, pure so tests can recompute it.
 *
 * Target weights: inverse volatility (w_i ∝ 1/σ_i, σ = annualised volatility from portfolio_risk)
 * or equal weight. Trades move each holding to w_i × total value at its price; holdings off by
 * less than `minTradeValue` are left alone. Turnover = Σ |trade notional| decides approval.
 */
export interface Holding {
  symbol: string;
  quantity: number;
  price: number;
}

export interface ProposedTrade {
  symbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  notional: number;
  fromWeight: number;
  toWeight: number;
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function targetWeights(
  method: 'inverse-volatility' | 'equal-weight',
  volatilities: Record<string, number>,
): Record<string, number> {
  const symbols = Object.keys(volatilities);
  if (method === 'equal-weight') return Object.fromEntries(symbols.map((s) => [s, r6(1 / symbols.length)]));
  const inverse = symbols.map((s) => [s, 1 / Math.max(volatilities[s], 1e-9)] as const);
  const sum = inverse.reduce((a, [, v]) => a + v, 0);
  return Object.fromEntries(inverse.map(([s, v]) => [s, r6(v / sum)]));
}

export function proposeTrades(
  holdings: Holding[],
  targets: Record<string, number>,
  minTradeValue: number,
): { totalValue: number; trades: ProposedTrade[]; turnover: number } {
  const totalValue = holdings.reduce((a, h) => a + h.quantity * h.price, 0);
  const trades: ProposedTrade[] = [];
  for (const h of holdings) {
    const current = h.quantity * h.price;
    const delta = (targets[h.symbol] ?? 0) * totalValue - current;
    if (Math.abs(delta) < minTradeValue) continue;
    trades.push({
      symbol: h.symbol,
      side: delta > 0 ? 'buy' : 'sell',
      quantity: r6(Math.abs(delta) / h.price),
      notional: r6(Math.abs(delta)),
      fromWeight: r6(current / totalValue),
      toWeight: targets[h.symbol] ?? 0,
    });
  }
  return { totalValue: r6(totalValue), trades, turnover: r6(trades.reduce((a, t) => a + t.notional, 0)) };
}

/** A holding with its return history (simple returns or prices, oldest first), as the template takes it. */
export interface HoldingWithHistory extends Holding {
  returns?: number[];
  prices?: number[];
}

/**
 * What the rebalance's risk gate checks, for the portfolio after the proposed trades: gross
 * notional (the turnover), each position's value, the one-period historical VaR at `confidence`
 * (a currency amount) and the maximum drawdown (a fraction) of the post-trade weights over the
 * holdings' common history, and the prices the trades were sized at (an approval's reference).
 */
export function rebalanceExposure(
  holdings: HoldingWithHistory[],
  proposal: { trades: ProposedTrade[]; turnover: number },
  confidence = 0.95,
): Exposure {
  const positions: Record<string, number> = {};
  for (const h of holdings) {
    const trade = proposal.trades.find((t) => t.symbol === h.symbol);
    const signed = trade ? (trade.side === 'buy' ? trade.notional : -trade.notional) : 0;
    positions[h.symbol] = r6(h.quantity * h.price + signed);
  }
  const total = Object.values(positions).reduce((a, b) => a + b, 0);
  const sourceOf = (h: HoldingWithHistory) => (h.returns ? { returns: h.returns } : { prices: h.prices });
  const series = holdings.map((h) => quant.resolveReturns(sourceOf(h)).returns);
  const periods = Math.min(...series.map((s) => s.length));
  const portfolio = Array.from({ length: periods }, (_, t) =>
    holdings.reduce((sum, h, i) => {
      const weight = total > 0 ? positions[h.symbol] / total : 0;
      return sum + weight * series[i][series[i].length - periods + t];
    }, 0),
  );
  const var95 = periods >= 2 ? quant.valueAtRisk(portfolio, confidence).historicalVaR * total : 0;
  return {
    notional: proposal.turnover,
    positions,
    var: r6(Math.max(0, var95)),
    drawdown: r6(quant.maxDrawdown(quant.pricePath(portfolio))),
    prices: Object.fromEntries(holdings.map((h) => [h.symbol, h.price])),
  };
}
