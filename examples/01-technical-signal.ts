// Technical analysis and a trading signal on real daily S&P 500 bars (examples/data/sp500-2000.csv).
import { exampleClient, run, sp500Candles } from './support/example';

run(async () => {
  const client = exampleClient();
  const candles = sp500Candles(250);
  const analysis = await client.tasks.submitAndWait({
    type: 'technical_analysis',
    input: {
      symbol: 'SPX',
      assetClass: 'indices',
      candles,
      indicators: [{ name: 'rsi', period: 14 }, { name: 'sma', period: 50 }, { name: 'macd' }],
    },
  });
  const signal = await client.tasks.submitAndWait({
    type: 'trading_signal',
    input: { symbol: 'SPX', assetClass: 'indices', candles },
  });
  if (analysis.status !== 'succeeded' || signal.status !== 'succeeded')
    throw new Error(`tasks ended ${analysis.status} / ${signal.status}`);
  const last = candles[candles.length - 1];
  const result = signal.result as {
    action: string;
    confidence: number;
    reasons: { indicator: string; rule: string }[];
  };
  console.log(`S&P 500, ${candles.length} sessions to ${last.time} (close ${last.close})`);
  const indicators = (analysis.result as { indicators?: { name?: string; values?: (number | null)[] }[] }).indicators;
  for (const indicator of indicators ?? [])
    console.log(`${indicator.name}: last value ${JSON.stringify(indicator.values?.at(-1) ?? null)}`);
  console.log(`signal: ${result.action.toUpperCase()} (confidence ${result.confidence})`);
  for (const reason of result.reasons) console.log(`  - ${reason.indicator}: ${reason.rule}`);
});
