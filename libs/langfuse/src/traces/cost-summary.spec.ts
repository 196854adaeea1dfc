import { summariseCost } from './cost-summary';
import type { SpanSample } from './trace-store.types';
import { spanSample } from './testing/span-samples';

const base: SpanSample = spanSample({ tenant: 'acme', startTime: new Date('2026-12-01T10:00:00Z') });
const gen = (over: Partial<SpanSample>): SpanSample => ({ ...base, observationType: 'generation', ...over });

describe('summariseCost', () => {
  const samples: SpanSample[] = [
    { ...base, traceId: 'w', workflow: 'trading-analysis', name: 'workflow.run trading-analysis' },
    gen({ traceId: 'w', model: 'equities-technical', costUsd: 0.0002, units: 100 }),
    gen({ traceId: 'w', model: 'llm-analyst', costUsd: 0.0000045, inputTokens: 10, outputTokens: 5 }),
    gen({ traceId: 'x', tenant: 'beta', model: 'equities-technical', costUsd: 0.0001, units: 50 }),
    gen({ traceId: 'y', startTime: new Date('2026-12-02T01:00:00Z'), model: 'unpriced', costUsd: null }),
    { ...base, traceId: 'z', costUsd: 5 }, // not a generation: never counted
  ];
  const cost = summariseCost(samples);

  it('adds up priced generations only, and counts the unpriced apart', () => {
    expect(cost.totalUsd).toBeCloseTo(0.0003045, 12);
    expect(cost.generations).toBe(4);
    expect(cost.unpriced).toBe(1);
  });

  it('groups by model, tenant, workflow (of the trace part) and UTC day', () => {
    expect(cost.byModel.map((g) => [g.key, g.generations, g.costUsd, g.units])).toEqual([
      ['equities-technical', 2, 0.0003, 150],
      ['llm-analyst', 1, 0.0000045, 0],
    ]);
    expect(cost.byTenant.map((g) => [g.key, g.costUsd])).toEqual([
      ['acme', 0.0002045],
      ['beta', 0.0001],
    ]);
    // beta's call in trace x is no workflow's; acme's two calls in trace w are trading-analysis's.
    expect(cost.byWorkflow.map((g) => [g.key, g.generations])).toEqual([
      ['trading-analysis', 2],
      [null, 1],
    ]);
    expect(cost.byDay.map((g) => g.key)).toEqual(['2026-12-01']);
  });
});
