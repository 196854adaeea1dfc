import type { Page } from '@app/infrastructure';
import {
  SCORE_DATA_TYPES,
  SCORE_DELIVERIES,
  SPAN_KINDS,
  SPAN_STATUSES,
  SUMMARY_GROUP_BY,
  TRACE_STATUSES,
  type CostGroup,
  type CostSummary,
  type LatencyGroup,
  type ObservationNode,
  type Score,
  type ScopedMetricsSummary,
  type TraceDetail,
  type TraceSummary,
} from '@app/langfuse';
import { page, presentPage } from '../http/page';

const TENANT_PROPERTY = {
  type: 'string',
  nullable: true,
  example: 'desk-fx',
  description:
    'Owner: the tenant whose request or work made it; null for none (start-up, system jobs), ' +
    'seen by the system admin only',
};

/** The API's view of a trace (one tenant's part of it): the list item and the head of the detail. */
export function presentTraceSummary(trace: TraceSummary) {
  return {
    id: trace.id,
    tenant: trace.tenant,
    name: trace.name,
    rootSpanId: trace.rootSpanId,
    startTime: trace.startTime.toISOString(),
    endTime: trace.endTime.toISOString(),
    durationMs: trace.durationMs,
    status: trace.status,
    spanCount: trace.spanCount,
    errorCount: trace.errorCount,
    sessionId: trace.sessionId,
    userId: trace.userId,
    inputTokens: trace.inputTokens,
    outputTokens: trace.outputTokens,
  };
}

export const TRACE_SUMMARY_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '4bf92f3577b34da6a3ce929d0e0e4736' },
    tenant: TENANT_PROPERTY,
    name: { type: 'string', example: 'POST /api/v1/ai-orchestration/tasks' },
    rootSpanId: { type: 'string', nullable: true, example: '00f067aa0ba902b7' },
    startTime: { type: 'string', format: 'date-time' },
    endTime: { type: 'string', format: 'date-time' },
    durationMs: { type: 'number', example: 182.4 },
    status: { type: 'string', enum: TRACE_STATUSES },
    spanCount: { type: 'integer', example: 4 },
    errorCount: { type: 'integer', example: 0 },
    sessionId: { type: 'string', nullable: true, example: 'chat-2026-11-25-42' },
    userId: { type: 'string', nullable: true, example: 'ops-key' },
    inputTokens: { type: 'integer', example: 812 },
    outputTokens: { type: 'integer', example: 164 },
  },
};

export function presentScore(score: Score) {
  return {
    id: score.id,
    traceId: score.traceId,
    tenant: score.tenant,
    observationId: score.observationId,
    name: score.name,
    dataType: score.dataType,
    value: score.value,
    comment: score.comment,
    principalId: score.principalId,
    createdAt: score.createdAt.toISOString(),
    langfuse: score.langfuse,
  };
}

export const SCORE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    traceId: { type: 'string', example: '4bf92f3577b34da6a3ce929d0e0e4736' },
    tenant: { ...TENANT_PROPERTY, description: 'The tenant of the trace it scores' },
    observationId: { type: 'string', nullable: true, example: null },
    name: { type: 'string', example: 'user-feedback' },
    dataType: { type: 'string', enum: SCORE_DATA_TYPES },
    value: { oneOf: [{ type: 'number' }, { type: 'string' }], example: 0.9 },
    comment: { type: 'string', nullable: true, example: "Signal matched the desk's view" },
    principalId: { type: 'string', nullable: true, example: 'ops-key' },
    createdAt: { type: 'string', format: 'date-time' },
    langfuse: {
      type: 'string',
      enum: SCORE_DELIVERIES,
      description: 'Delivery to Langfuse',
    },
  },
};

type PresentedObservation = Omit<ObservationNode, 'startTime' | 'endTime' | 'children'> & {
  startTime: string;
  endTime: string;
  children: PresentedObservation[];
};

function presentObservation(node: ObservationNode): PresentedObservation {
  return {
    spanId: node.spanId,
    parentSpanId: node.parentSpanId,
    name: node.name,
    kind: node.kind,
    scope: node.scope,
    startTime: node.startTime.toISOString(),
    endTime: node.endTime.toISOString(),
    durationMs: node.durationMs,
    offsetMs: node.offsetMs,
    status: node.status,
    statusMessage: node.statusMessage,
    model: node.model,
    operation: node.operation,
    inputTokens: node.inputTokens,
    outputTokens: node.outputTokens,
    attributes: node.attributes,
    events: node.events,
    children: node.children.map(presentObservation),
  };
}

const OBSERVATION_SCHEMA = {
  type: 'object',
  description: 'One span; `children` nests the spans it started',
  properties: {
    spanId: { type: 'string', example: '00f067aa0ba902b7' },
    parentSpanId: { type: 'string', nullable: true, example: '00f067aa0ba902b7' },
    name: { type: 'string', example: 'handit.task.execute' },
    kind: { type: 'string', enum: SPAN_KINDS },
    scope: { type: 'string', example: 'handit' },
    startTime: { type: 'string', format: 'date-time' },
    endTime: { type: 'string', format: 'date-time' },
    durationMs: { type: 'number', example: 41.7 },
    offsetMs: { type: 'number', description: 'Start relative to the trace start', example: 12 },
    status: { type: 'string', enum: SPAN_STATUSES },
    statusMessage: { type: 'string', nullable: true, example: null },
    model: { type: 'string', nullable: true, example: 'forex-specialist' },
    operation: { type: 'string', nullable: true, example: 'chat' },
    inputTokens: { type: 'integer', nullable: true, example: 412 },
    outputTokens: { type: 'integer', nullable: true, example: 96 },
    attributes: {
      type: 'object',
      additionalProperties: true,
      description: 'Masked span attributes',
      example: { 'http.method': 'POST', 'task.type': 'options_pricing' },
    },
    events: { type: 'array', items: { type: 'object', additionalProperties: true }, example: [] },
    children: {
      type: 'array',
      items: { type: 'object', additionalProperties: true },
      description: 'Nested observations, each shaped like this one',
      example: [],
    },
  },
};

export function presentTraceDetail(trace: TraceDetail) {
  return {
    ...presentTraceSummary(trace),
    observations: trace.observations.map(presentObservation),
    truncated: trace.truncated,
    scores: trace.scores.map(presentScore),
  };
}

export const TRACE_DETAIL_SCHEMA = {
  type: 'object',
  properties: {
    ...TRACE_SUMMARY_SCHEMA.properties,
    observations: { type: 'array', items: OBSERVATION_SCHEMA },
    truncated: { type: 'boolean', description: 'More spans than one response carries', example: false },
    scores: { type: 'array', items: SCORE_SCHEMA },
  },
};

export function presentTracePage(page: Page<TraceSummary>) {
  return presentPage(page, presentTraceSummary);
}

export const SESSION_SCHEMA = {
  type: 'object',
  properties: {
    sessionId: { type: 'string', example: 'chat-2026-11-25-42' },
    ...page(TRACE_SUMMARY_SCHEMA).properties,
  },
};

const presentLatencyGroup = (g: LatencyGroup) => ({
  key: g.key,
  count: g.count,
  errorCount: g.errorCount,
  errorRate: g.errorRate,
  p50Ms: g.p50Ms,
  p95Ms: g.p95Ms,
  p99Ms: g.p99Ms,
  maxMs: g.maxMs,
  inputTokens: g.inputTokens,
  outputTokens: g.outputTokens,
});

const LATENCY_GROUP_SCHEMA = {
  type: 'object',
  properties: {
    key: { type: 'string', example: 'handit.task.execute' },
    count: { type: 'integer', example: 120 },
    errorCount: { type: 'integer', example: 2 },
    errorRate: { type: 'number', example: 0.017 },
    p50Ms: { type: 'number', example: 12.5 },
    p95Ms: { type: 'number', example: 48.1 },
    p99Ms: { type: 'number', example: 90.3 },
    maxMs: { type: 'number', example: 130.2 },
    inputTokens: { type: 'integer', example: 0 },
    outputTokens: { type: 'integer', example: 0 },
  },
};

export function presentMetricsSummary(summary: ScopedMetricsSummary) {
  return {
    tenant: summary.tenant,
    windowMs: summary.windowMs,
    from: summary.from.toISOString(),
    to: summary.to.toISOString(),
    groupBy: summary.groupBy,
    truncated: summary.truncated,
    totals: {
      count: summary.totals.count,
      errorCount: summary.totals.errorCount,
      errorRate: summary.totals.errorRate,
      inputTokens: summary.totals.inputTokens,
      outputTokens: summary.totals.outputTokens,
      cacheHits: summary.totals.cacheHits,
      cacheLookups: summary.totals.cacheLookups,
      cacheHitRatio: summary.totals.cacheHitRatio,
    },
    groups: summary.groups.map(presentLatencyGroup),
    cost: presentCost(summary.cost),
  };
}

function presentCostGroup(g: CostGroup) {
  return {
    key: g.key,
    generations: g.generations,
    costUsd: g.costUsd,
    inputTokens: g.inputTokens,
    outputTokens: g.outputTokens,
    units: g.units,
  };
}

function presentCost(cost: CostSummary) {
  return {
    currency: cost.currency,
    totalUsd: cost.totalUsd,
    generations: cost.generations,
    unpriced: cost.unpriced,
    byModel: cost.byModel.map(presentCostGroup),
    byTenant: cost.byTenant.map(presentCostGroup),
    byWorkflow: cost.byWorkflow.map(presentCostGroup),
    byDay: cost.byDay.map(presentCostGroup),
  };
}

const costGroup = (key: string, description: string) => ({
  type: 'object',
  properties: {
    key: { type: 'string', nullable: true, example: key, description },
    generations: { type: 'integer', example: 42 },
    costUsd: { type: 'number', example: 0.0123 },
    inputTokens: { type: 'integer', example: 4200 },
    outputTokens: { type: 'integer', example: 900 },
    units: { type: 'integer', example: 12600, description: 'Candles or points processed by quant models' },
  },
});

const COST_SCHEMA = {
  type: 'object',
  description:
    'Cost of the model calls (Langfuse generations) in the window, from the price table in ' +
    'config/ai-orchestration.yml (LLM per 1M input/output tokens, quant per unit)',
  properties: {
    currency: { type: 'string', enum: ['USD'], example: 'USD' },
    totalUsd: { type: 'number', example: 0.0421 },
    generations: { type: 'integer', example: 57 },
    unpriced: { type: 'integer', example: 0, description: 'Generations of models without a price (not in the sums)' },
    byModel: { type: 'array', items: costGroup('equities-technical', 'Model id') },
    byTenant: { type: 'array', items: costGroup('desk-fx', 'Tenant; null: none') },
    byWorkflow: {
      type: 'array',
      items: costGroup('trading-analysis', 'Workflow whose run made the calls; null: not part of a workflow'),
    },
    byDay: { type: 'array', items: costGroup('2026-12-05', 'UTC day, YYYY-MM-DD') },
  },
};

export const METRICS_SUMMARY_SCHEMA = {
  type: 'object',
  properties: {
    tenant: {
      type: 'string',
      nullable: true,
      example: 'desk-fx',
      description: "The tenant whose spans are summarised; null: every tenant's (the system admin without ?tenant=)",
    },
    windowMs: { type: 'integer', example: 3600000 },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    groupBy: { type: 'string', enum: SUMMARY_GROUP_BY },
    truncated: {
      type: 'boolean',
      description: 'The window held more spans than one summary reads; the newest were used',
      example: false,
    },
    totals: {
      type: 'object',
      properties: {
        count: { type: 'integer', example: 1240 },
        errorCount: { type: 'integer', example: 12 },
        errorRate: { type: 'number', example: 0.0097 },
        inputTokens: { type: 'integer', example: 48210 },
        outputTokens: { type: 'integer', example: 9630 },
        cacheHits: { type: 'integer', example: 310 },
        cacheLookups: { type: 'integer', example: 820 },
        cacheHitRatio: {
          type: 'number',
          nullable: true,
          description: 'Over spans with a `cache.hit` attribute',
          example: 0.378,
        },
      },
    },
    groups: { type: 'array', items: LATENCY_GROUP_SCHEMA },
    cost: COST_SCHEMA,
  },
};
