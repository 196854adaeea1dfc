import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import {
  Database,
  fromDbBoolean,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  Page,
  paginate,
  toDbBoolean,
  toDbJson,
  toDbTimestamp,
} from '@app/infrastructure';
import type { SpanSink } from './local-store-processor';
import type { SpanRecord, SpanStatus } from './span-record';
import type { ObservationNode, Score, ScoreDelivery, SpanSample, TraceQuery, TraceSummary } from './trace-store.types';
import { buildObservationTree } from './observation-tree';

// Rows are read through the mappers below; Kysely<any> is its documented choice for a schema no
// one module knows in full (see persistence README).
type Row = Record<string, any>;
type AnyDb = Kysely<any>;

/** Spans one trace view returns; a runaway trace is cut, and says so. */
export const MAX_SPANS_PER_TRACE = 2000;
const INSERT_CHUNK = 100;

function isRootLike(r: SpanRecord): boolean {
  // No parent, or a parent in another process (a caller's traceparent). A queued task's
  // execution span also has a remote parent, but starts later than the request's span, and the
  // earliest root-like span wins.
  return r.parentSpanId === null || r.parentRemote;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The local trace store: spans, per-trace summaries and scores, with retention. */
@Injectable()
export class TraceStoreRepository implements SpanSink {
  constructor(private readonly database: Database) {}

  private get db(): AnyDb {
    return this.database.db as AnyDb;
  }

  /** Writes a batch of finished spans and folds them into their traces' summaries. */
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
            })),
          )
          // A span exported twice (a retried flush) is stored once.
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      for (const chunk of chunks(summarise(records), INSERT_CHUNK)) await upsertTraces(trx, chunk);
    });
  }

  /** Newest first; filters combine with AND. Throws InvalidCursorError for a bad cursor. */
  async listTraces(query: TraceQuery = {}): Promise<Page<TraceSummary>> {
    let q = this.db.selectFrom('obs_traces').selectAll();
    if (query.from) q = q.where('start_time', '>=', toDbTimestamp(query.from));
    if (query.to) q = q.where('start_time', '<', toDbTimestamp(query.to));
    if (query.name !== undefined) q = q.where('name', '=', query.name);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.sessionId !== undefined) q = q.where('session_id', '=', query.sessionId);
    if (query.userId !== undefined) q = q.where('user_id', '=', query.userId);
    if (query.minDurationMs !== undefined) q = q.where('duration_ms', '>=', query.minDurationMs);
    const page = await paginate(q, { limit: query.limit, cursor: query.cursor, orderBy: { column: 'start_time', direction: 'desc', type: 'timestamp' } });
    return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
  }

  /** A session's traces, oldest first (the order the conversation happened in). */
  async sessionTraces(sessionId: string, page: { limit?: number; cursor?: string }): Promise<Page<TraceSummary>> {
    const q = this.db.selectFrom('obs_traces').selectAll().where('session_id', '=', sessionId);
    const result = await paginate(q, { limit: page.limit, cursor: page.cursor, orderBy: { column: 'start_time', direction: 'asc', type: 'timestamp' } });
    return { items: result.items.map(toSummary), nextCursor: result.nextCursor };
  }

  async getTrace(traceId: string): Promise<TraceSummary | null> {
    const row = await this.db.selectFrom('obs_traces').selectAll().where('id', '=', traceId).executeTakeFirst();
    return row ? toSummary(row) : null;
  }

  /** The observation tree of a trace, with timings relative to its start. */
  async observations(trace: TraceSummary): Promise<{ observations: ObservationNode[]; truncated: boolean }> {
    const rows = await this.db
      .selectFrom('obs_spans')
      .selectAll()
      .where('trace_id', '=', trace.id)
      .orderBy('start_time', 'asc')
      .orderBy('id', 'asc')
      .limit(MAX_SPANS_PER_TRACE + 1)
      .execute();
    const truncated = rows.length > MAX_SPANS_PER_TRACE;
    const nodes = rows.slice(0, MAX_SPANS_PER_TRACE).map((row) => this.toNode(row, trace.startTime));
    return { observations: buildObservationTree(nodes), truncated };
  }

  /** Spans that started in [from, now), newest first, at most `cap` (+1 tells truncation). */
  async spanSamples(from: Date, cap: number): Promise<SpanSample[]> {
    const rows = await this.db
      .selectFrom('obs_spans')
      .select(['name', 'model', 'status', 'duration_ms', 'input_tokens', 'output_tokens', 'cache_hit'])
      .where('start_time', '>=', toDbTimestamp(from))
      .orderBy('start_time', 'desc')
      .limit(cap)
      .execute();
    return rows.map((r: Row) => ({
      name: r.name as string,
      model: (r.model as string | null) ?? null,
      status: r.status as SpanStatus,
      durationMs: Number(r.duration_ms),
      inputTokens: r.input_tokens === null ? null : fromDbInteger(r.input_tokens),
      outputTokens: r.output_tokens === null ? null : fromDbInteger(r.output_tokens),
      cacheHit: r.cache_hit === null ? null : fromDbBoolean(r.cache_hit),
    }));
  }

  async insertScore(score: Score): Promise<void> {
    await this.db
      .insertInto('obs_scores')
      .values({
        id: score.id,
        trace_id: score.traceId,
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

  async setScoreDelivery(id: string, delivery: ScoreDelivery): Promise<void> {
    await this.db.updateTable('obs_scores').set({ langfuse_status: delivery }).where('id', '=', id).execute();
  }

  /** A trace's scores, oldest first (bounded: a trace rarely has more than a handful). */
  async scores(traceId: string, limit = 500): Promise<Score[]> {
    const rows = await this.db.selectFrom('obs_scores').selectAll().where('trace_id', '=', traceId).orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
    return rows.map(toScore);
  }

  /** Retention: removes spans, traces and scores older than `cutoff`; returns how many spans. */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    const at = toDbTimestamp(cutoff);
    const spans = await this.db.deleteFrom('obs_spans').where('start_time', '<', at).executeTakeFirst();
    await this.db.deleteFrom('obs_traces').where('end_time', '<', at).execute();
    await this.db.deleteFrom('obs_scores').where('created_at', '<', at).execute();
    return Number(spans.numDeletedRows);
  }

  private toNode(row: Row, traceStart: Date): ObservationNode {
    const dialect = this.database.dialect;
    const startTime = fromDbTimestamp(row.start_time);
    return {
      spanId: row.span_id,
      parentSpanId: row.parent_span_id ?? null,
      name: row.name,
      kind: row.kind,
      scope: row.scope,
      startTime,
      endTime: fromDbTimestamp(row.end_time),
      durationMs: Number(row.duration_ms),
      offsetMs: startTime.getTime() - traceStart.getTime(),
      status: row.status,
      statusMessage: row.status_message ?? null,
      model: row.model ?? null,
      operation: row.operation ?? null,
      inputTokens: row.input_tokens === null ? null : fromDbInteger(row.input_tokens),
      outputTokens: row.output_tokens === null ? null : fromDbInteger(row.output_tokens),
      attributes: fromDbJson(dialect, row.attributes) ?? {},
      events: fromDbJson(dialect, row.events) ?? [],
      children: [],
    };
  }
}

interface TraceFold {
  id: string;
  name: string;
  root_span_id: string | null;
  root_start_ms: number | null;
  start_ms: number;
  end_ms: number;
  error_count: number;
  span_count: number;
  session_id: string | null;
  user_id: string | null;
  input_tokens: number;
  output_tokens: number;
}

/** Folds a batch's spans per trace, so each trace is one upsert. */
function summarise(records: SpanRecord[]): TraceFold[] {
  const folds = new Map<string, TraceFold>();
  for (const r of records) {
    const start = r.startTime.getTime();
    const end = r.endTime.getTime();
    let f = folds.get(r.traceId);
    if (!f) {
      f = { id: r.traceId, name: r.name, root_span_id: null, root_start_ms: null, start_ms: start, end_ms: end, error_count: 0, span_count: 0, session_id: null, user_id: null, input_tokens: 0, output_tokens: 0 };
      folds.set(r.traceId, f);
    }
    f.start_ms = Math.min(f.start_ms, start);
    f.end_ms = Math.max(f.end_ms, end);
    f.span_count += 1;
    if (r.status === 'error') f.error_count += 1;
    f.session_id ??= r.sessionId;
    f.user_id ??= r.userId;
    f.input_tokens += r.inputTokens ?? 0;
    f.output_tokens += r.outputTokens ?? 0;
    if (isRootLike(r) && (f.root_start_ms === null || start < f.root_start_ms)) {
      f.root_span_id = r.spanId;
      f.root_start_ms = start;
      f.name = r.name;
    } else if (f.root_span_id === null && start <= f.start_ms) {
      // No root seen yet: the earliest span names the trace until the root arrives.
      f.name = r.name;
    }
  }
  return [...folds.values()];
}

/**
 * Inserts new summaries and merges into existing ones in one statement per chunk, in SQL, so
 * two replicas writing spans of one trace at once cannot lose each other's counts. (Every SET
 * expression reads the row as it was before the update, on both dialects.)
 */
async function upsertTraces(trx: AnyDb, folds: TraceFold[]): Promise<void> {
  const ex = (c: string) => sql.ref(`excluded.${c}`);
  const cur = (c: string) => sql.ref(`obs_traces.${c}`);
  const newRootWins = sql`(${ex('root_span_id')} is not null and (${cur('root_span_id')} is null or ${ex('root_start_ms')} < ${cur('root_start_ms')}))`;
  const minStart = sql`(case when ${ex('start_ms')} < ${cur('start_ms')} then ${ex('start_ms')} else ${cur('start_ms')} end)`;
  const maxEnd = sql`(case when ${ex('end_ms')} > ${cur('end_ms')} then ${ex('end_ms')} else ${cur('end_ms')} end)`;
  await trx
    .insertInto('obs_traces')
    .values(
      folds.map((f) => ({
        id: f.id,
        name: f.name,
        root_span_id: f.root_span_id,
        root_start_ms: f.root_start_ms,
        start_time: toDbTimestamp(f.start_ms),
        end_time: toDbTimestamp(f.end_ms),
        start_ms: f.start_ms,
        end_ms: f.end_ms,
        duration_ms: f.end_ms - f.start_ms,
        status: f.error_count > 0 ? 'error' : 'ok',
        span_count: f.span_count,
        error_count: f.error_count,
        session_id: f.session_id,
        user_id: f.user_id,
        input_tokens: f.input_tokens,
        output_tokens: f.output_tokens,
      })),
    )
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        name: sql`case when ${newRootWins} then ${ex('name')} when ${cur('root_span_id')} is null and ${ex('start_ms')} < ${cur('start_ms')} then ${ex('name')} else ${cur('name')} end`,
        root_start_ms: sql`case when ${newRootWins} then ${ex('root_start_ms')} else ${cur('root_start_ms')} end`,
        start_time: sql`case when ${ex('start_ms')} < ${cur('start_ms')} then ${ex('start_time')} else ${cur('start_time')} end`,
        end_time: sql`case when ${ex('end_ms')} > ${cur('end_ms')} then ${ex('end_time')} else ${cur('end_time')} end`,
        start_ms: minStart,
        end_ms: maxEnd,
        duration_ms: sql`${maxEnd} - ${minStart}`,
        span_count: sql`${cur('span_count')} + ${ex('span_count')}`,
        error_count: sql`${cur('error_count')} + ${ex('error_count')}`,
        status: sql`case when ${cur('error_count')} + ${ex('error_count')} > 0 then 'error' else 'ok' end`,
        session_id: sql`coalesce(${cur('session_id')}, ${ex('session_id')})`,
        user_id: sql`coalesce(${cur('user_id')}, ${ex('user_id')})`,
        input_tokens: sql`${cur('input_tokens')} + ${ex('input_tokens')}`,
        output_tokens: sql`${cur('output_tokens')} + ${ex('output_tokens')}`,
        root_span_id: sql`case when ${newRootWins} then ${ex('root_span_id')} else ${cur('root_span_id')} end`,
      }),
    )
    .execute();
}

function toSummary(row: Row): TraceSummary {
  return {
    id: row.id,
    name: row.name,
    rootSpanId: row.root_span_id ?? null,
    startTime: fromDbTimestamp(row.start_time),
    endTime: fromDbTimestamp(row.end_time),
    durationMs: Number(row.duration_ms),
    status: row.status,
    spanCount: fromDbInteger(row.span_count),
    errorCount: fromDbInteger(row.error_count),
    sessionId: row.session_id ?? null,
    userId: row.user_id ?? null,
    inputTokens: fromDbInteger(row.input_tokens),
    outputTokens: fromDbInteger(row.output_tokens),
  };
}

function toScore(row: Row): Score {
  return {
    id: row.id,
    traceId: row.trace_id,
    observationId: row.observation_id ?? null,
    name: row.name,
    dataType: row.data_type,
    value: row.value_number !== null && row.value_number !== undefined ? Number(row.value_number) : String(row.value_string),
    comment: row.comment ?? null,
    principalId: row.principal_id ?? null,
    createdAt: fromDbTimestamp(row.created_at),
    langfuse: row.langfuse_status,
  };
}
