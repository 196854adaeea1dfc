import type { SpanRecord } from './span-record';

/** `error` when any span of the trace part failed. */
export const TRACE_STATUSES = ['ok', 'error'] as const;
export type TraceStatus = (typeof TRACE_STATUSES)[number];

/**
 * One tenant's part of a trace: normally the whole trace. A trace id reused across tenants (a
 * caller sent another's traceparent) has one part per tenant, each with only its own spans.
 */
export interface TraceSummary {
  id: string;
  /** The tenant whose request or work made these spans; null for none (system admin only). */
  tenant: string | null;
  name: string;
  rootSpanId: string | null;
  startTime: Date;
  endTime: Date;
  durationMs: number;
  status: TraceStatus;
  spanCount: number;
  errorCount: number;
  sessionId: string | null;
  userId: string | null;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Whose traces a read sees: one tenant's, or (the system admin, naming no tenant) every
 * tenant's and those of none.
 */
export type TraceScope = { readonly tenant: string } | { readonly allTenants: true };

export const ALL_TENANTS: TraceScope = Object.freeze({ allTenants: true as const });

export interface TraceQuery {
  limit?: number;
  cursor?: string;
  /** Inclusive lower bound of the trace start. */
  from?: Date;
  /** Exclusive upper bound of the trace start. */
  to?: Date;
  name?: string;
  status?: TraceStatus;
  sessionId?: string;
  userId?: string;
  minDurationMs?: number;
}

/** One observation in a trace's tree. */
export interface ObservationNode extends Pick<
  SpanRecord,
  | 'spanId'
  | 'parentSpanId'
  | 'name'
  | 'kind'
  | 'scope'
  | 'startTime'
  | 'endTime'
  | 'durationMs'
  | 'status'
  | 'statusMessage'
  | 'model'
  | 'operation'
  | 'inputTokens'
  | 'outputTokens'
  | 'attributes'
  | 'events'
> {
  /** Start relative to the trace start: what a waterfall view draws. */
  offsetMs: number;
  children: ObservationNode[];
}

export const SCORE_DATA_TYPES = ['NUMERIC', 'CATEGORICAL', 'BOOLEAN'] as const;
export type ScoreDataType = (typeof SCORE_DATA_TYPES)[number];
/** Whether a score reached Langfuse: not configured, on its way, accepted, or refused/unreachable. */
export const SCORE_DELIVERIES = ['not_configured', 'pending', 'sent', 'failed'] as const;
export type ScoreDelivery = (typeof SCORE_DELIVERIES)[number];

export interface Score {
  id: string;
  traceId: string;
  /** The tenant of the trace part it scores (not necessarily the scorer's: the system admin scores any). */
  tenant: string | null;
  observationId: string | null;
  name: string;
  dataType: ScoreDataType;
  /** NUMERIC: a number; BOOLEAN: 1 or 0; CATEGORICAL: a string. */
  value: number | string;
  comment: string | null;
  principalId: string | null;
  createdAt: Date;
  langfuse: ScoreDelivery;
}

export interface TraceDetail extends TraceSummary {
  /** Spans whose parent is not in the trace (normally one root), each with its children. */
  observations: ObservationNode[];
  /** More spans than one response carries; the oldest are shown. */
  truncated: boolean;
  scores: Score[];
}

/** The columns the metrics summary needs from each span in the window. */
export type SpanSample = Pick<
  SpanRecord,
  | 'traceId'
  | 'tenant'
  | 'startTime'
  | 'name'
  | 'model'
  | 'status'
  | 'durationMs'
  | 'inputTokens'
  | 'outputTokens'
  | 'cacheHit'
  | 'observationType'
  | 'costUsd'
  | 'units'
  | 'workflow'
>;
