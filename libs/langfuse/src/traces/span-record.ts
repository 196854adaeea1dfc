import { AttributeValue, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { acceptableId, TENANT_ID_KEY } from '../tracing/trace-identity';

/** A span's status as stored and served (OpenTelemetry's status codes, in lower case). */
export const SPAN_STATUSES = ['unset', 'ok', 'error'] as const;
export type SpanStatus = (typeof SPAN_STATUSES)[number];

/** A span's kind as stored and served (OpenTelemetry's SpanKind names, in lower case). */
export const SPAN_KINDS = ['internal', 'server', 'client', 'producer', 'consumer'] as const;

export interface SpanEventRecord {
  name: string;
  time: string;
  attributes?: Record<string, AttributeValue>;
}

/** A finished span as the local store keeps it: plain data, copied when the span ends. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  /** The parent is in another process (the caller's traceparent, or a queued task's carrier). */
  parentRemote: boolean;
  name: string;
  kind: string;
  scope: string;
  startTime: Date;
  endTime: Date;
  durationMs: number;
  status: SpanStatus;
  statusMessage: string | null;
  /** `tenant.id`: the tenant whose request or work the span served; null for none. */
  tenant: string | null;
  sessionId: string | null;
  userId: string | null;
  /** `gen_ai.operation.name` (chat, text_completion, embeddings, …) for model calls. */
  operation: string | null;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheHit: boolean | null;
  /** `langfuse.observation.type` (generation, span, …), null for plain spans. */
  observationType: string | null;
  /** A generation's total cost in USD (its cost details), null when unpriced. */
  costUsd: number | null;
  /** Units (candles, points) a quant generation processed. */
  units: number | null;
  workflow: string | null;
  attributes: Record<string, AttributeValue>;
  events: SpanEventRecord[];
}

// One span's stored attributes stay under this size; longer strings are cut (the exporters
// already applied the provider's span limits).
const MAX_ATTRIBUTES_CHARS = 128 * 1024;
const CUT_STRING_TO = 2048;
const MAX_EVENTS = 32;

const KIND_NAMES: Record<number, string> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

function str(value: AttributeValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function int(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

/** Langfuse generations carry usage as JSON (`{"input":10,"output":5}`) when gen_ai.* is absent. */
function usageDetails(value: AttributeValue | undefined): { input: number | null; output: number | null } {
  if (typeof value !== 'string') return { input: null, output: null };
  try {
    const usage = JSON.parse(value) as Record<string, unknown>;
    return {
      input: int(usage.input ?? usage.prompt_tokens ?? usage.input_tokens),
      output: int(usage.output ?? usage.completion_tokens ?? usage.output_tokens),
    };
  } catch {
    return { input: null, output: null };
  }
}

/** Langfuse cost details as JSON (`{"input":…,"output":…,"total":…}`); the total, or the parts' sum. */
function costOf(value: AttributeValue | undefined): number | null {
  if (typeof value !== 'string') return null;
  try {
    const cost = JSON.parse(value) as Record<string, unknown>;
    const total = typeof cost.total === 'number' ? cost.total : Number(cost.input ?? 0) + Number(cost.output ?? 0);
    return Number.isFinite(total) && total >= 0 ? total : null;
  } catch {
    return null;
  }
}

function unitsOf(value: AttributeValue | undefined): number | null {
  if (typeof value !== 'string') return null;
  try {
    return int((JSON.parse(value) as Record<string, unknown>).units);
  } catch {
    return null;
  }
}

function cacheHitOf(value: AttributeValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'hit') return true;
  if (value === 'false' || value === 'miss') return false;
  return null;
}

function boundedAttributes(attributes: Record<string, AttributeValue | undefined>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  // A size estimate, not JSON.stringify: this runs for every span on the request's thread.
  let size = 0;
  for (const [k, v] of Object.entries(attributes)) {
    if (v === undefined) continue;
    out[k] = v;
    size += k.length + (typeof v === 'string' ? v.length : Array.isArray(v) ? v.length * 16 : 16);
  }
  if (size <= MAX_ATTRIBUTES_CHARS) return out;
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string' && v.length > CUT_STRING_TO)
      out[k] = `${v.slice(0, CUT_STRING_TO)}…[truncated ${v.length - CUT_STRING_TO} chars]`;
  }
  return out;
}

export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const a = span.attributes;
  const { traceId, spanId } = span.spanContext();
  const usage = usageDetails(a['langfuse.observation.usage_details']);
  const level = a['langfuse.observation.level'];
  const status: SpanStatus =
    span.status.code === SpanStatusCode.ERROR || level === 'ERROR'
      ? 'error'
      : span.status.code === SpanStatusCode.OK
        ? 'ok'
        : 'unset';
  const parent = span.parentSpanContext;
  return {
    traceId,
    spanId,
    parentSpanId: parent?.spanId ?? null,
    parentRemote: Boolean(parent?.isRemote),
    name: span.name,
    kind: KIND_NAMES[span.kind] ?? 'internal',
    scope: span.instrumentationScope.name,
    startTime: new Date(hrTimeToMilliseconds(span.startTime)),
    endTime: new Date(hrTimeToMilliseconds(span.endTime)),
    durationMs: Math.round(hrTimeToMilliseconds(span.duration) * 1000) / 1000,
    status,
    statusMessage: span.status.message || str(a['langfuse.observation.status_message']) || null,
    tenant: acceptableId(a[TENANT_ID_KEY]) ?? null,
    sessionId: str(a['session.id']) ?? str(a['langfuse.session.id']),
    userId: str(a['user.id']) ?? str(a['langfuse.user.id']),
    operation: str(a['gen_ai.operation.name']),
    model:
      str(a['gen_ai.request.model']) ?? str(a['gen_ai.response.model']) ?? str(a['langfuse.observation.model.name']),
    inputTokens: int(a['gen_ai.usage.input_tokens']) ?? usage.input,
    outputTokens: int(a['gen_ai.usage.output_tokens']) ?? usage.output,
    cacheHit: cacheHitOf(a['cache.hit'] ?? a['task.cache_hit']),
    observationType: str(a['langfuse.observation.type']),
    costUsd: costOf(a['langfuse.observation.cost_details']),
    units: unitsOf(a['langfuse.observation.usage_details']),
    workflow: str(a['workflow.name']),
    attributes: boundedAttributes(a),
    events: span.events.slice(0, MAX_EVENTS).map((e) => ({
      name: e.name,
      time: new Date(hrTimeToMilliseconds(e.time)).toISOString(),
      ...(e.attributes ? { attributes: boundedAttributes(e.attributes) } : {}),
    })),
  };
}
