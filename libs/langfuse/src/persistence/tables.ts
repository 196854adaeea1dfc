import type { Kysely, Transaction } from 'kysely';
import type {
  BigintColumn,
  JsonColumn,
  NullableBigintColumn,
  NullableBooleanColumn,
  TimestampColumn,
} from '@app/infrastructure';

/**
 * The tenant column's value for spans, traces and scores of no tenant (start-up, system jobs,
 * unauthenticated requests): a key column cannot hold NULL, and no tenant name is empty.
 */
export const NO_TENANT = '';

/** One finished span (migrations 0001, 0002, 0003). */
export interface SpanRow {
  /** Trace id + span id. */
  id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  tenant: string;
  name: string;
  kind: string;
  scope: string;
  start_time: TimestampColumn;
  end_time: TimestampColumn;
  duration_ms: number;
  status: string;
  status_message: string | null;
  session_id: string | null;
  user_id: string | null;
  operation: string | null;
  model: string | null;
  input_tokens: NullableBigintColumn;
  output_tokens: NullableBigintColumn;
  cache_hit: NullableBooleanColumn;
  attributes: JsonColumn;
  events: JsonColumn;
  /** Langfuse's observation type (`generation`, `span`, …); null for plain OpenTelemetry spans. */
  observation_type: string | null;
  cost_usd: number | null;
  units: NullableBigintColumn;
  /** `workflow.name` of a workflow's run and node spans. */
  workflow: string | null;
}

/** One tenant's part of a trace: the summary of the trace's spans of that tenant, keyed by (id, tenant). */
export interface TraceRow {
  id: string;
  tenant: string;
  name: string;
  root_span_id: string | null;
  root_start_ms: number | null;
  start_time: TimestampColumn;
  end_time: TimestampColumn;
  start_ms: number;
  end_ms: number;
  duration_ms: number;
  status: string;
  span_count: number;
  error_count: number;
  session_id: string | null;
  user_id: string | null;
  input_tokens: BigintColumn;
  output_tokens: BigintColumn;
}

/** A score on a trace (or one of its observations), in the tenant of the trace it scores. */
export interface ScoreRow {
  id: string;
  trace_id: string;
  tenant: string;
  observation_id: string | null;
  name: string;
  data_type: string;
  value_number: number | null;
  value_string: string | null;
  comment: string | null;
  principal_id: string | null;
  created_at: TimestampColumn;
  langfuse_status: string;
}

export interface LangfuseTables {
  obs_spans: SpanRow;
  obs_traces: TraceRow;
  obs_scores: ScoreRow;
}

export type LangfuseDb = Kysely<LangfuseTables> | Transaction<LangfuseTables>;

/** The stored form of a tenant (null: none). */
export function toDbTenant(tenant: string | null): string {
  return tenant ?? NO_TENANT;
}

export function fromDbTenant(value: string): string | null {
  return value === NO_TENANT ? null : value;
}
