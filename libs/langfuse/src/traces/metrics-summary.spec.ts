import { quantile, summarise } from './metrics-summary';
import type { SpanSample } from './trace-store.types';
import { spanSample } from './testing/span-samples';

const sample = (over: Partial<SpanSample>): SpanSample => spanSample(over);

describe('quantile (type 7)', () => {
  it('matches numpy.percentile on 1..100', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    // numpy.percentile(range(1,101), [50,95,99]) -> 50.5, 95.05, 99.01
    expect(quantile(values, 0.5)).toBeCloseTo(50.5, 10);
    expect(quantile(values, 0.95)).toBeCloseTo(95.05, 10);
    expect(quantile(values, 0.99)).toBeCloseTo(99.01, 10);
  });

  it('handles one value and none', () => {
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBe(0);
  });
});

describe('summarise', () => {
  const samples: SpanSample[] = [
    sample({ name: 'handit.task.execute', durationMs: 10 }),
    sample({ name: 'handit.task.execute', durationMs: 30, status: 'error' }),
    sample({ name: 'gen', model: 'gpt-x', durationMs: 5, inputTokens: 100, outputTokens: 20, cacheHit: false }),
    sample({ name: 'gen', model: 'gpt-x', durationMs: 7, inputTokens: 50, outputTokens: 10, cacheHit: true }),
    sample({ name: 'gen', model: 'quant', durationMs: 1, cacheHit: true }),
  ];

  it('groups by operation with counts, error rate, percentiles and tokens', () => {
    const s = summarise(samples, 'operation');
    expect(s.totals).toEqual({
      count: 5,
      errorCount: 1,
      errorRate: 0.2,
      inputTokens: 150,
      outputTokens: 30,
      cacheHits: 2,
      cacheLookups: 3,
      cacheHitRatio: 0.667,
    });
    expect(s.groups.map((g) => g.key)).toEqual(['gen', 'handit.task.execute']);
    const exec = s.groups[1];
    expect(exec).toMatchObject({
      count: 2,
      errorCount: 1,
      errorRate: 0.5,
      p50Ms: 20,
      p95Ms: 29,
      p99Ms: 29.8,
      maxMs: 30,
    });
  });

  it('groups by model, leaving out spans without one', () => {
    const s = summarise(samples, 'model');
    expect(s.groups.map((g) => [g.key, g.count, g.inputTokens, g.outputTokens])).toEqual([
      ['gpt-x', 2, 150, 30],
      ['quant', 1, 0, 0],
    ]);
    expect(s.groups[0].p50Ms).toBe(6);
  });

  it('reports no cache ratio when no span said', () => {
    expect(summarise([sample({})], 'operation').totals.cacheHitRatio).toBeNull();
  });
});
