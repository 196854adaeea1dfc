import type { GenerationSettings } from '@app/infrastructure';
import { boundedCopy, captureAllowed, costOf, priceOf, quantUnits } from './generation-policy';

const settings = (over: Partial<GenerationSettings>): GenerationSettings => ({
  capture: false,
  captureTenants: [],
  noCaptureTenants: [],
  captureModels: [],
  noCaptureModels: [],
  maxPayloadChars: 256,
  prices: [],
  ...over,
});

describe('captureAllowed', () => {
  it('follows the default unless a list names the tenant or the model', () => {
    expect(captureAllowed(settings({}), 'acme', 'llm-analyst')).toBe(false);
    expect(captureAllowed(settings({ capture: true }), 'acme', 'llm-analyst')).toBe(true);
    expect(captureAllowed(settings({ captureTenants: ['acme'] }), 'acme', 'llm-analyst')).toBe(true);
    expect(captureAllowed(settings({ captureModels: ['llm-analyst'] }), 'beta', 'llm-analyst')).toBe(true);
  });

  it('a "no" list wins over the default and over a "yes" list', () => {
    expect(captureAllowed(settings({ capture: true, noCaptureTenants: ['acme'] }), 'acme', 'm')).toBe(false);
    expect(captureAllowed(settings({ captureTenants: ['acme'], noCaptureModels: ['m'] }), 'acme', 'm')).toBe(false);
  });
});

describe('prices and cost', () => {
  const prices = [
    { model: 'llm-analyst', inputPer1M: 1, outputPer1M: 2 },
    { model: 'gpt-4o-mini', inputPer1M: 0.15, outputPer1M: 0.6 },
    { model: 'equities-technical', perUnit: 0.000002 },
  ];

  it("prefers the provider's model name, then the service's model id", () => {
    expect(priceOf(prices, 'llm-analyst', 'gpt-4o-mini')?.model).toBe('gpt-4o-mini');
    expect(priceOf(prices, 'llm-analyst', 'other')?.model).toBe('llm-analyst');
    expect(priceOf(prices, 'unknown')).toBeUndefined();
  });

  it('prices tokens per million and units one by one', () => {
    // 1000 × 0.15 / 1e6 = 0.00015; 500 × 0.6 / 1e6 = 0.0003
    expect(costOf(prices[1], { inputTokens: 1000, outputTokens: 500 })).toEqual({
      input: 0.00015,
      output: 0.0003,
      total: 0.00045,
    });
    expect(costOf(prices[2], { units: 250 })).toEqual({ input: 0.0005, output: 0, total: 0.0005 });
    expect(costOf(undefined, { units: 1 })).toBeUndefined();
  });
});

describe('quantUnits', () => {
  it('counts candles, and the points of series of series', () => {
    expect(quantUnits({ symbol: 'X', candles: new Array(120).fill({ close: 1 }) })).toBe(120);
    // Parameters beside the candles (confidence levels) are not data processed.
    expect(quantUnits({ candles: new Array(60).fill({ close: 1 }), confidenceLevels: [0.95, 0.99] })).toBe(60);
    expect(
      quantUnits({
        returns: [
          [1, 2, 3],
          [4, 5, 6],
        ],
        weights: [0.5, 0.5],
      }),
    ).toBe(8);
    expect(quantUnits('text')).toBe(0);
  });
});

describe('boundedCopy', () => {
  it('keeps small values whole', () => {
    const value = { a: 1, b: ['x', 'y'], c: { d: null } };
    expect(boundedCopy(value, 1000)).toEqual(value);
  });

  it('cuts a large input to about the budget, as valid JSON that says what was left out', () => {
    const candles = Array.from({ length: 50_000 }, (_, i) => ({ close: 100 + i, volume: 1000 }));
    const copy = boundedCopy({ symbol: 'AAPL', candles }, 300) as { candles: unknown[] };
    const text = JSON.stringify(copy);
    expect(text.length).toBeLessThan(600);
    expect(String(copy.candles[copy.candles.length - 1])).toMatch(/^…\[\d+ more items\]$/);
    expect(boundedCopy('z'.repeat(1000), 10)).toBe(`${'z'.repeat(10)}…[cut 990 chars]`);
  });
});
