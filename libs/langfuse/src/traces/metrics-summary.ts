import { CostSummary, summariseCost } from './cost-summary';
import type { SpanSample } from './trace-store.types';

export const SUMMARY_GROUP_BY = ['operation', 'model'] as const;
export type SummaryGroupBy = (typeof SUMMARY_GROUP_BY)[number];

export interface LatencyGroup {
  /** The span name (operation) or the model. */
  key: string;
  count: number;
  errorCount: number;
  errorRate: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  inputTokens: number;
  outputTokens: number;
}

export interface MetricsSummary {
  groupBy: SummaryGroupBy;
  totals: {
    count: number;
    errorCount: number;
    errorRate: number;
    inputTokens: number;
    outputTokens: number;
    cacheHits: number;
    cacheLookups: number;
    /** Hits / lookups over spans that say `cache.hit`; null when none did. */
    cacheHitRatio: number | null;
  };
  groups: LatencyGroup[];
  /** What the model calls (generations) in the window cost, from the configured price table. */
  cost: CostSummary;
}

/**
 * Quantile of sorted values by linear interpolation between closest ranks (Hyndman & Fan type 7,
 * the default of R, NumPy and Excel's PERCENTILE.INC), so figures match what an operator gets
 * from the same durations in a spreadsheet.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function summarise(samples: readonly SpanSample[], groupBy: SummaryGroupBy): MetricsSummary {
  const groups = new Map<string, SpanSample[]>();
  let errors = 0;
  let input = 0;
  let output = 0;
  let hits = 0;
  let lookups = 0;
  for (const s of samples) {
    if (s.status === 'error') errors++;
    input += s.inputTokens ?? 0;
    output += s.outputTokens ?? 0;
    if (s.cacheHit !== null) {
      lookups++;
      if (s.cacheHit) hits++;
    }
    const key = groupBy === 'model' ? s.model : s.name;
    if (key === null) continue;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  const rows: LatencyGroup[] = [...groups].map(([key, list]) => {
    const durations = list.map((s) => s.durationMs).sort((a, b) => a - b);
    const errorCount = list.filter((s) => s.status === 'error').length;
    return {
      key,
      count: list.length,
      errorCount,
      errorRate: round(errorCount / list.length),
      p50Ms: round(quantile(durations, 0.5)),
      p95Ms: round(quantile(durations, 0.95)),
      p99Ms: round(quantile(durations, 0.99)),
      maxMs: round(durations[durations.length - 1]),
      inputTokens: list.reduce((n, s) => n + (s.inputTokens ?? 0), 0),
      outputTokens: list.reduce((n, s) => n + (s.outputTokens ?? 0), 0),
    };
  });
  rows.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    groupBy,
    totals: {
      count: samples.length,
      errorCount: errors,
      errorRate: samples.length ? round(errors / samples.length) : 0,
      inputTokens: input,
      outputTokens: output,
      cacheHits: hits,
      cacheLookups: lookups,
      cacheHitRatio: lookups ? round(hits / lookups) : null,
    },
    groups: rows,
    cost: summariseCost(samples),
  };
}
