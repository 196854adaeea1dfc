import { INDICATOR_NAMES, MAX_PRICE_MAGNITUDE, MAX_VOLUME } from '../quant';
import { exampleCandles } from '../tasks/task-catalog';
import runQuantTask from './quant-worker';

describe('runQuantTask', () => {
  it('returns the result when every number in it is finite', () => {
    const input = { candles: exampleCandles(40), indicators: [{ name: 'sma', period: 5 }] };
    const outcome = runQuantTask({ type: 'technical_analysis', input });
    expect(outcome.ok && JSON.parse(outcome.json)).toMatchObject({ candles: 40 });
  });

  it('reads the input from its JSON text and returns the result as JSON text', () => {
    const input = { candles: exampleCandles(40), indicators: [{ name: 'sma', period: 5 }] };
    const fromText = runQuantTask({ type: 'technical_analysis', inputJson: JSON.stringify(input) });
    const fromObject = runQuantTask({ type: 'technical_analysis', input });
    expect(fromText).toEqual(fromObject);
    expect(fromText.ok && JSON.parse(fromText.json).indicators[0].series.value).toHaveLength(40);
  });

  it('computes every indicator finitely at the largest accepted prices and volumes', () => {
    const candles = Array.from({ length: 5_000 }, (_, i) => {
      const close = MAX_PRICE_MAGNITUDE * (0.5 + 0.45 * Math.sin(i / 9));
      return { time: i, open: close * 0.99, high: close, low: close * 0.98, close, volume: MAX_VOLUME };
    });
    const indicators = INDICATOR_NAMES.map((name) => ({ name }));
    expect(runQuantTask({ type: 'technical_analysis', input: { candles, indicators } })).toMatchObject({ ok: true });
    expect(runQuantTask({ type: 'trading_signal', input: { candles } })).toMatchObject({ ok: true });
  });

  it('reports input problems as VALIDATION_FAILED data', () => {
    const outcome = runQuantTask({ type: 'risk_assessment', input: { prices: [1, 2e100, 2] } });
    expect(outcome).toEqual({
      ok: false,
      code: 'VALIDATION_FAILED',
      problems: [{ field: 'prices[1]', message: 'must be within ±1e100' }],
      message: expect.any(String),
    });
  });

  it('fails with NUMERIC_OVERFLOW naming the outputs, not a success whose NaN JSON turns into null', () => {
    const outcome = runQuantTask({ type: 'risk_assessment', input: { returns: [1e300, 2e300, -0.5, 3e300, 1e300] } });
    expect(outcome).toMatchObject({
      ok: false,
      code: 'NUMERIC_OVERFLOW',
      message: expect.stringMatching(/^The computation overflowed: \d+ value\(s\) are not finite numbers \(volatility/),
      details: { count: expect.any(Number), outputs: expect.arrayContaining(['volatility', 'annualizedVolatility']) },
    });
  });
});
