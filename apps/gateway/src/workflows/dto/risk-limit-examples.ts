/** Request bodies for POST /risk-limits (Swagger's example picker). */
export const RISK_LIMIT_EXAMPLES = {
  'desk-notional': {
    summary: 'The equities desk may commit at most 250,000 per run',
    value: { metric: 'notional', max: 250_000, desk: 'equities' },
  },
  'symbol-position': {
    summary: 'At most 1,000 SPY shares held',
    value: { metric: 'position', max: 1_000, symbol: 'SPY' },
  },
};
