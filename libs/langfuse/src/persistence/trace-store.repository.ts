import { Injectable } from '@nestjs/common';
import { Page, paginate, toDbBoolean, toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { SpanSink } from '../traces/local-store-processor';
import { buildObservationTree } from '../traces/observation-tree';
import { toNode, toSample, toScore, toSummary } from './row-mapping';
import type { SpanRecord } from '../traces/span-record';
import { LangfuseTables, toDbTenant } from './tables';
import { foldTraces, upsertTraces } from './trace-fold';
import type {
  ObservationNode,
  Score,
  ScoreDelivery,
  SpanSample,
  TraceQuery,
  TraceScope,
  TraceSummary,
} from '../traces/trace-store.types';

/** Spans one trace view returns; a runaway trace is cut, and says so. */
export const MAX_SPANS_PER_TRACE = 2000;
const INSERT_CHUNK = 100;

/** The one tenant a scope reads, or undefined for every tenant (the system admin). */
const tenantOf = (scope: TraceScope): string | undefined => ('tenant' in scope ? scope.tenant : undefined);

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The local trace store: spans, per-trace summaries and scores, with retention. Every read is
 * filtered in SQL by the scope's tenant: a trace part, a span or a score of another tenant is
 * never read for it.
 */
@Injectable()
export class TraceStoreRepository extends TablesRepository<LangfuseTables> implements SpanSink {
  /** Writes a batch of finished spans and folds them into their trace parts' summaries. */
  async write(records: SpanRecord[]): Promise<void> {
    if (records.length === 0) return;
    const dialect = this.database.dialect;
    await this.db.transaction().execute(async (trx) => {
      for (const chunk of chunks(records, INSERT_CHUNK)) {
        await trx
          .insertInto('obs_spans')
          .values(
            chunk.map((r) => ({
              id: r.traceId + r.spanId,
              trace_id: r.traceId,
              span_id: r.spanId,
              parent_span_id: r.parentSpanId,
              tenant: toDbTenant(r.tenant),
              name: r.name,
              kind: r.kind,
              scope: r.scope,
              start_time: toDbTimestamp(r.startTime),
              end_time: toDbTimestamp(r.endTime),
              duration_ms: r.durationMs,
              status: r.status,
              status_message: r.statusMessage,
              session_id: r.sessionId,
              user_id: r.userId,
              operation: r.operation,
              model: r.model,
              input_tokens: r.inputTokens,
              output_tokens: r.outputTokens,
              cache_hit: r.cacheHit === null ? null : toDbBoolean(dialect, r.cacheHit),
              attributes: toDbJson(r.attributes),
              events: r.events.length ? toDbJson(r.events) : null,
              observation_type: r.observationType,
              cost_usd: r.costUsd,
              units: r.units,
              workflow: r.workflow,
            })),
          )
          // A span exported twice (a retried flush) is stored once.
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      for (const chunk of chunks(foldTraces(records), INSERT_CHUNK)) await upsertTraces(trx, chunk);
    });
  }

  /** Newest first; filters combine with AND. Throws InvalidCursorError for a bad cursor. */
  async listTraces(scope: TraceScope, query: TraceQuery = {}): Promise<Page<TraceSummary>> {
    const tenant = tenantOf(scope);
    let q = this.db.selectFrom('obs_traces').selectAll();
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    if (query.from) q = q.where('start_time', '>=', toDbTimestamp(query.from));
    if (query.to) q = q.where('start_time', '<', toDbTimestamp(query.to));
    if (query.name !== undefined) q = q.where('name', '=', query.name);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.sessionId !== undefined) q = q.where('session_id', '=', query.sessionId);
    if (query.userId !== undefined) q = q.where('user_id', '=', query.userId);
    if (query.minDurationMs !== undefined) q = q.where('duration_ms', '>=', query.minDurationMs);
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'start_time', direction: 'desc', type: 'timestamp' },
    });
    return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
  }

  /** A session's traces in the scope, oldest first (the order the conversation happened in). */
  async sessionTraces(
    scope: TraceScope,
    sessionId: string,
    page: { limit?: number; cursor?: string },
  ): Promise<Page<TraceSummary>> {
    const tenant = tenantOf(scope);
    let q = this.db.selectFrom('obs_traces').selectAll().where('session_id', '=', sessionId);
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    const result = await paginate(q, {
      limit: page.limit,
      cursor: page.cursor,
      orderBy: { column: 'start_time', direction: 'asc', type: 'timestamp' },
    });
    return { items: result.items.map(toSummary), nextCursor: result.nextCursor };
  }

  /**
   * The scope's part of a trace. Every tenant's scope (the system admin) has them all: the part
   * that started first answers.
   */
  async getTrace(scope: TraceScope, traceId: string): Promise<TraceSummary | null> {
    const tenant = tenantOf(scope);
    let q = this.db.selectFrom('obs_traces').selectAll().where('id', '=', traceId);
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    const row = await q.orderBy('start_ms', 'asc').orderBy('tenant', 'asc').limit(1).executeTakeFirst();
    return row ? toSummary(row) : null;
  }

  /** The observation tree of a trace part (its tenant's spans only), with timings relative to its start. */
  async observations(trace: TraceSummary): Promise<{ observations: ObservationNode[]; truncated: boolean }> {
    const rows = await this.db
      .selectFrom('obs_spans')
      .selectAll()
      .where('trace_id', '=', trace.id)
      .where('tenant', '=', toDbTenant(trace.tenant))
      .orderBy('start_time', 'asc')
      .orderBy('id', 'asc')
      .limit(MAX_SPANS_PER_TRACE + 1)
      .execute();
    const truncated = rows.length > MAX_SPANS_PER_TRACE;
    const nodes = rows.slice(0, MAX_SPANS_PER_TRACE).map((row) => toNode(this.database.dialect, row, trace.startTime));
    return { observations: buildObservationTree(nodes), truncated };
  }

  /** Whether a span of the trace part has this id (a score may name only its own part's spans). */
  async hasObservation(trace: TraceSummary, spanId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('obs_spans')
      .select('id')
      .where('id', '=', trace.id + spanId)
      .where('tenant', '=', toDbTenant(trace.tenant))
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The scope's spans that started in [from, now), newest first, at most `cap` (+1 tells truncation). */
  async spanSamples(scope: TraceScope, from: Date, cap: number): Promise<SpanSample[]> {
    const tenant = tenantOf(scope);
    let q = this.db
      .selectFrom('obs_spans')
      .select([
        'trace_id',
        'tenant',
        'start_time',
        'name',
        'model',
        'status',
        'duration_ms',
        'input_tokens',
        'output_tokens',
        'cache_hit',
        'observation_type',
        'cost_usd',
        'units',
        'workflow',
      ])
      .where('start_time', '>=', toDbTimestamp(from));
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    const rows = await q.orderBy('start_time', 'desc').limit(cap).execute();
    return rows.map(toSample);
  }

  async insertScore(score: Score): Promise<void> {
    await this.db
      .insertInto('obs_scores')
      .values({
        id: score.id,
        trace_id: score.traceId,
        tenant: toDbTenant(score.tenant),
        observation_id: score.observationId,
        name: score.name,
        data_type: score.dataType,
        value_number: typeof score.value === 'number' ? score.value : null,
        value_string: typeof score.value === 'string' ? score.value : null,
        comment: score.comment,
        principal_id: score.principalId,
        created_at: toDbTimestamp(score.createdAt),
        langfuse_status: score.langfuse,
      })
      .execute();
  }

  /** Records the Langfuse outcome of a score this process just stored (by its unique id). */
  async setScoreDelivery(id: string, delivery: ScoreDelivery): Promise<void> {
    await this.db.updateTable('obs_scores').set({ langfuse_status: delivery }).where('id', '=', id).execute();
  }

  /** A trace part's scores, oldest first (bounded: a trace rarely has more than a handful). */
  async scores(trace: TraceSummary, limit = 500): Promise<Score[]> {
    const rows = await this.db
      .selectFrom('obs_scores')
      .selectAll()
      .where('trace_id', '=', trace.id)
      .where('tenant', '=', toDbTenant(trace.tenant))
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toScore);
  }

  /** Retention (every tenant's): removes spans, traces and scores older than `cutoff`; returns how many spans. */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    const at = toDbTimestamp(cutoff);
    const spans = await this.db.deleteFrom('obs_spans').where('start_time', '<', at).executeTakeFirst();
    await this.db.deleteFrom('obs_traces').where('end_time', '<', at).execute();
    await this.db.deleteFrom('obs_scores').where('created_at', '<', at).execute();
    return Number(spans.numDeletedRows);
  }
}
