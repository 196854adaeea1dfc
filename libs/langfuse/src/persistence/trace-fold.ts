import { sql } from 'kysely';
import { toDbTimestamp } from '@app/infrastructure';
import type { SpanRecord } from '../traces/span-record';
import { toDbTenant, type LangfuseDb } from './tables';

/** What one batch adds to one trace part (a trace id and a tenant). */
export interface TraceFold {
  id: string;
  tenant: string;
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

function isRootLike(r: SpanRecord): boolean {
  // No parent, or a parent in another process (a caller's traceparent). A queued task's
  // execution span also has a remote parent, but starts later than the request's span, and the
  // earliest root-like span wins.
  return r.parentSpanId === null || r.parentRemote;
}

function emptyFold(r: SpanRecord, tenant: string): TraceFold {
  const start = r.startTime.getTime();
  return {
    id: r.traceId,
    tenant,
    name: r.name,
    root_span_id: null,
    root_start_ms: null,
    start_ms: start,
    end_ms: r.endTime.getTime(),
    error_count: 0,
    span_count: 0,
    session_id: null,
    user_id: null,
    input_tokens: 0,
    output_tokens: 0,
  };
}

/**
 * Folds a batch's spans per trace part, so each part is one upsert. A span counts only in the
 * part of its own tenant: spans of another tenant under the same trace id never change it.
 */
export function foldTraces(records: SpanRecord[]): TraceFold[] {
  const folds = new Map<string, TraceFold>();
  for (const r of records) {
    const tenant = toDbTenant(r.tenant);
    const key = `${r.traceId} ${tenant}`;
    const start = r.startTime.getTime();
    const end = r.endTime.getTime();
    let f = folds.get(key);
    if (!f) folds.set(key, (f = emptyFold(r, tenant)));
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
 * expression reads the row as it was before the update, on both dialects.) The folds of one
 * call are distinct parts, as one statement may not update a row twice.
 */
export async function upsertTraces(db: LangfuseDb, folds: TraceFold[]): Promise<void> {
  const ex = (c: string) => sql.ref(`excluded.${c}`);
  const cur = (c: string) => sql.ref(`obs_traces.${c}`);
  const newRootWins = sql`(${ex('root_span_id')} is not null
    and (${cur('root_span_id')} is null or ${ex('root_start_ms')} < ${cur('root_start_ms')}))`;
  const earlierStart = sql`${ex('start_ms')} < ${cur('start_ms')}`;
  const laterEnd = sql`${ex('end_ms')} > ${cur('end_ms')}`;
  const minStart = sql<number>`(case when ${earlierStart} then ${ex('start_ms')} else ${cur('start_ms')} end)`;
  const maxEnd = sql<number>`(case when ${laterEnd} then ${ex('end_ms')} else ${cur('end_ms')} end)`;
  const errors = sql<number>`${cur('error_count')} + ${ex('error_count')}`;
  await db
    .insertInto('obs_traces')
    .values(
      folds.map((f) => ({
        ...f,
        start_time: toDbTimestamp(f.start_ms),
        end_time: toDbTimestamp(f.end_ms),
        duration_ms: f.end_ms - f.start_ms,
        status: f.error_count > 0 ? 'error' : 'ok',
      })),
    )
    .onConflict((oc) =>
      oc.columns(['id', 'tenant']).doUpdateSet({
        name: sql`case when ${newRootWins} then ${ex('name')}
          when ${cur('root_span_id')} is null and ${earlierStart} then ${ex('name')} else ${cur('name')} end`,
        root_start_ms: sql`case when ${newRootWins} then ${ex('root_start_ms')} else ${cur('root_start_ms')} end`,
        start_time: sql`case when ${earlierStart} then ${ex('start_time')} else ${cur('start_time')} end`,
        end_time: sql`case when ${laterEnd} then ${ex('end_time')} else ${cur('end_time')} end`,
        start_ms: minStart,
        end_ms: maxEnd,
        duration_ms: sql`${maxEnd} - ${minStart}`,
        span_count: sql`${cur('span_count')} + ${ex('span_count')}`,
        error_count: errors,
        status: sql`case when ${errors} > 0 then 'error' else 'ok' end`,
        session_id: sql`coalesce(${cur('session_id')}, ${ex('session_id')})`,
        user_id: sql`coalesce(${cur('user_id')}, ${ex('user_id')})`,
        input_tokens: sql`${cur('input_tokens')} + ${ex('input_tokens')}`,
        output_tokens: sql`${cur('output_tokens')} + ${ex('output_tokens')}`,
        root_span_id: sql`case when ${newRootWins} then ${ex('root_span_id')} else ${cur('root_span_id')} end`,
      }),
    )
    .execute();
}
