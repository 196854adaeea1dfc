import { Injectable } from '@nestjs/common';
import { AppError, Page } from '@app/infrastructure';
import { MetricsSummary, summarise, SummaryGroupBy } from '../store/metrics-summary';
import { TraceStoreRepository } from '../store/trace-store.repository';
import type { TraceDetail, TraceQuery, TraceSummary } from '../store/trace-store.types';
import { TracingRuntime } from '../tracing/tracing-runtime';

/** Spans the metrics summary reads per call; beyond it the newest are used and `truncated` says so. */
export const SUMMARY_SPAN_CAP = 100_000;

/** Reads of the local trace store, as the observability API serves them. */
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

  async listTraces(query: TraceQuery): Promise<Page<TraceSummary>> {
    await this.settle();
    return this.repository.listTraces(query);
  }

  /** Whether the trace is in the store (after writing what is buffered). */
  async exists(traceId: string): Promise<boolean> {
    await this.settle();
    return (await this.repository.getTrace(traceId)) !== null;
  }

  async trace(traceId: string): Promise<TraceDetail> {
    await this.settle();
    const summary = await this.repository.getTrace(traceId);
    if (!summary) throw AppError.notFound('Trace', traceId);
    const { observations, truncated } = await this.repository.observations(summary);
    return { ...summary, observations, truncated, scores: await this.repository.scores(traceId) };
  }

  async session(sessionId: string, page: { limit?: number; cursor?: string }): Promise<{ sessionId: string } & Page<TraceSummary>> {
    await this.settle();
    const result = await this.repository.sessionTraces(sessionId, page);
    if (result.items.length === 0 && !page.cursor) throw AppError.notFound('Session', sessionId);
    return { sessionId, ...result };
  }

  async metricsSummary(windowMs: number, groupBy: SummaryGroupBy): Promise<MetricsSummary & { from: Date; to: Date; windowMs: number; truncated: boolean }> {
    await this.settle();
    const to = new Date();
    const from = new Date(to.getTime() - windowMs);
    const samples = await this.repository.spanSamples(from, SUMMARY_SPAN_CAP + 1);
    const truncated = samples.length > SUMMARY_SPAN_CAP;
    return { ...summarise(truncated ? samples.slice(0, SUMMARY_SPAN_CAP) : samples, groupBy), from, to, windowMs, truncated };
  }
}
