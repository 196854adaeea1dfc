/** A deterministic daily OHLCV series for documentation examples (a drifting wave). */
export function exampleCandles(
  count: number,
  start = 100,
  drift = 0.001,
): { time: string; open: number; high: number; low: number; close: number; volume: number }[] {
  const out = [];
  let close = start;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.round(open * (1 + 0.004 * Math.sin(i / 3) + drift) * 100) / 100;
    const high = Math.round(Math.max(open, close) * 1.006 * 100) / 100;
    const low = Math.round(Math.min(open, close) * 0.994 * 100) / 100;
    out.push({ time: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), open, high, low, close, volume: 1000 + 10 * i });
  }
  return out;
}

export const CANDLE_SCHEMA = {
  type: 'object',
  required: ['time', 'open', 'high', 'low', 'close', 'volume'],
  properties: {
    time: { oneOf: [{ type: 'number' }, { type: 'string' }] },
    open: { type: 'number' },
    high: { type: 'number' },
    low: { type: 'number' },
    close: { type: 'number' },
    volume: { type: 'number', minimum: 0 },
  },
};

export const ASSET_CLASS_SCHEMA = {
  type: 'string',
  description: 'Asset class (routes the Handit model): forex, crypto, equities, …',
};

/** One instrument's symbol, asset class and candles (at least 50: the signal rules' SMA 50), as signal templates take it. */
export const INSTRUMENT_PROPERTIES = {
  symbol: { type: 'string', minLength: 1, maxLength: 64 },
  assetClass: ASSET_CLASS_SCHEMA,
  candles: { type: 'array', minItems: 50, maxItems: 50_000, items: CANDLE_SCHEMA },
};
