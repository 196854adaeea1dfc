import type { SpanSample } from '../trace-store.types';

/**
 * Test fixtures for the trace summaries and the trace store's contract suite; never imported by
 * production code.
 */

/** What a span that is not a generation leaves empty: no model, tokens, cache, cost, units or workflow. */
export const NOT_A_GENERATION = {
  model: null,
  inputTokens: null,
  outputTokens: null,
  cacheHit: null,
  observationType: null,
  costUsd: null,
  units: null,
  workflow: null,
} as const;

/** A sample of an ok 1 ms span `op` of trace t1 with no tenant, at 2026-12-01T00:00Z; `over` on top. */
export function spanSample(over: Partial<SpanSample> = {}): SpanSample {
  return {
    traceId: 't1',
    tenant: null,
    startTime: new Date('2026-12-01T00:00:00Z'),
    name: 'op',
    status: 'ok',
    durationMs: 1,
    ...NOT_A_GENERATION,
    ...over,
  };
}
