import { Injectable } from '@nestjs/common';
import { AppError, Page, type Principal } from '@app/infrastructure';
import { MetricsSummary, summarise, SummaryGroupBy } from '../traces/metrics-summary';
import { TraceStoreRepository } from '../persistence/trace-store.repository';
import type { TraceDetail, TraceQuery, TraceSummary } from '../traces/trace-store.types';
import { TracingRuntime } from '../tracing/tracing-runtime';
import { traceScopeOf } from './trace-scope';

/** Spans the metrics summary reads per call; beyond it the newest are used and `truncated` says so. */
export const SUMMARY_SPAN_CAP = 100_000;

export interface ScopedMetricsSummary extends MetricsSummary {
  /** The tenant summarised; null: every tenant's spans and those of none (the system admin). */
  tenant: string | null;
  from: Date;
  to: Date;
  windowMs: number;
  truncated: boolean;
}

/**
 * Reads of the local trace store, as the observability API serves them, each in the caller's
 * scope (see traceScopeOf): another tenant's trace or session is not found, and lists and
 * summaries hold the caller's tenant's data only. `tenant` is the system admin's filter.
 */
@Injectable()
export class TraceQueryService {
  constructor(
    private readonly repository: TraceStoreRepository,
    private readonly runtime: TracingRuntime,
  ) {}

  /** Spans that ended a moment ago are still in the write buffer: write them first. */
  private async settle(): Promise<void> {
    await this.runtime.localStore?.flush();
  }

  async listTraces(caller: Principal, query: TraceQuery & { tenant?: string }): Promise<Page<TraceSummary>> {
    const { tenant, ...filters } = query;
    const scope = traceScopeOf(caller, tenant);
    await this.settle();
    return this.repository.listTraces(scope, filters);
  }

  /** The caller's part of a trace; NOT_FOUND when it has none, whether or not others do. */
  async find(caller: Principal, traceId: string, tenant?: string): Promise<TraceSummary> {
    const scope = traceScopeOf(caller, tenant);
    await this.settle();
    const summary = await this.repository.getTrace(scope, traceId);
    if (!summary) throw AppError.notFound('Trace', traceId);
    return summary;
  }

  async trace(caller: Principal, traceId: string, tenant?: string): Promise<TraceDetail> {
    const summary = await this.find(caller, traceId, tenant);
    const { observations, truncated } = await this.repository.observations(summary);
    return { ...summary, observations, truncated, scores: await this.repository.scores(summary) };
  }

  async session(
    caller: Principal,
    sessionId: string,
    page: { limit?: number; cursor?: string; tenant?: string },
  ): Promise<{ sessionId: string } & Page<TraceSummary>> {
    const scope = traceScopeOf(caller, page.tenant);
    await this.settle();
    const result = await this.repository.sessionTraces(scope, sessionId, page);
    if (result.items.length === 0 && !page.cursor) throw AppError.notFound('Session', sessionId);
    return { sessionId, ...result };
  }

  async metricsSummary(
    caller: Principal,
    windowMs: number,
    groupBy: SummaryGroupBy,
    tenant?: string,
  ): Promise<ScopedMetricsSummary> {
    const scope = traceScopeOf(caller, tenant);
    await this.settle();
    const to = new Date();
    const from = new Date(to.getTime() - windowMs);
    const samples = await this.repository.spanSamples(scope, from, SUMMARY_SPAN_CAP + 1);
    const truncated = samples.length > SUMMARY_SPAN_CAP;
    const summary = summarise(truncated ? samples.slice(0, SUMMARY_SPAN_CAP) : samples, groupBy);
    return { ...summary, tenant: 'tenant' in scope ? scope.tenant : null, from, to, windowMs, truncated };
  }
}
