import type { Selectable } from 'kysely';
import {
  DatabaseDialect,
  fromDbBoolean,
  fromDbInteger,
  fromDbIntegerOrNull,
  fromDbJson,
  fromDbTimestamp,
} from '@app/infrastructure';
import type { SpanEventRecord, SpanStatus } from '../traces/span-record';
import { fromDbTenant, type ScoreRow, type SpanRow, type TraceRow } from './tables';
import type {
  ObservationNode,
  Score,
  ScoreDataType,
  ScoreDelivery,
  SpanSample,
  TraceStatus,
  TraceSummary,
} from '../traces/trace-store.types';

export function toSummary(row: Selectable<TraceRow>): TraceSummary {
  return {
    id: row.id,
    tenant: fromDbTenant(row.tenant),
    name: row.name,
    rootSpanId: row.root_span_id ?? null,
    startTime: fromDbTimestamp(row.start_time),
    endTime: fromDbTimestamp(row.end_time),
    durationMs: Number(row.duration_ms),
    status: row.status as TraceStatus,
    spanCount: fromDbInteger(row.span_count),
    errorCount: fromDbInteger(row.error_count),
    sessionId: row.session_id ?? null,
    userId: row.user_id ?? null,
    inputTokens: fromDbInteger(row.input_tokens),
    outputTokens: fromDbInteger(row.output_tokens),
  };
}

export function toScore(row: Selectable<ScoreRow>): Score {
  return {
    id: row.id,
    traceId: row.trace_id,
    tenant: fromDbTenant(row.tenant),
    observationId: row.observation_id ?? null,
    name: row.name,
    dataType: row.data_type as ScoreDataType,
    value: row.value_number !== null ? Number(row.value_number) : String(row.value_string),
    comment: row.comment ?? null,
    principalId: row.principal_id ?? null,
    createdAt: fromDbTimestamp(row.created_at),
    langfuse: row.langfuse_status as ScoreDelivery,
  };
}

/** A span as a node of its trace's tree, its start relative to the trace start. */
export function toNode(dialect: DatabaseDialect, row: Selectable<SpanRow>, traceStart: Date): ObservationNode {
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
    status: row.status as SpanStatus,
    statusMessage: row.status_message ?? null,
    model: row.model ?? null,
    operation: row.operation ?? null,
    inputTokens: fromDbIntegerOrNull(row.input_tokens),
    outputTokens: fromDbIntegerOrNull(row.output_tokens),
    attributes: fromDbJson<ObservationNode['attributes']>(dialect, row.attributes) ?? {},
    events: fromDbJson<SpanEventRecord[]>(dialect, row.events) ?? [],
    children: [],
  };
}

export type SampleRow = Pick<
  Selectable<SpanRow>,
  | 'trace_id'
  | 'tenant'
  | 'start_time'
  | 'name'
  | 'model'
  | 'status'
  | 'duration_ms'
  | 'input_tokens'
  | 'output_tokens'
  | 'cache_hit'
  | 'observation_type'
  | 'cost_usd'
  | 'units'
  | 'workflow'
>;

export function toSample(row: SampleRow): SpanSample {
  return {
    traceId: row.trace_id,
    tenant: fromDbTenant(row.tenant),
    startTime: fromDbTimestamp(row.start_time),
    name: row.name,
    model: row.model ?? null,
    status: row.status as SpanStatus,
    durationMs: Number(row.duration_ms),
    inputTokens: fromDbIntegerOrNull(row.input_tokens),
    outputTokens: fromDbIntegerOrNull(row.output_tokens),
    cacheHit: row.cache_hit === null ? null : fromDbBoolean(row.cache_hit),
    observationType: row.observation_type ?? null,
    costUsd: row.cost_usd === null || row.cost_usd === undefined ? null : Number(row.cost_usd),
    units: fromDbIntegerOrNull(row.units),
    workflow: row.workflow ?? null,
  };
}
