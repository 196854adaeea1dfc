// Public surface of @app/langfuse, for the gateway. Domain libraries never import it: they
// create spans through @opentelemetry/api or @langfuse/tracing (see README).
export { LangfuseModule } from './langfuse.module';
export { startTracing, TracingRuntime } from './tracing/tracing-runtime';
export {
  acceptableId,
  identityOf,
  withIdentity,
  SESSION_ID_KEY,
  TENANT_ID_KEY,
  USER_ID_KEY,
  type TraceIdentity,
} from './tracing/trace-identity';
export { AttributeMasker, type MaskOptions } from './masking/mask-attributes';
export { TraceQueryService, SUMMARY_SPAN_CAP, type ScopedMetricsSummary } from './api/trace-query.service';
export { ScoreService, normaliseScoreValue, type ScoreInput } from './scores/score.service';
export {
  SUMMARY_GROUP_BY,
  quantile,
  type SummaryGroupBy,
  type MetricsSummary,
  type LatencyGroup,
} from './traces/metrics-summary';
export type { CostGroup, CostSummary } from './traces/cost-summary';
export { SPAN_KINDS, SPAN_STATUSES, type SpanStatus } from './traces/span-record';
export {
  SCORE_DATA_TYPES,
  SCORE_DELIVERIES,
  TRACE_STATUSES,
  type Score,
  type ScoreDataType,
  type ScoreDelivery,
  type TraceDetail,
  type TraceQuery,
  type TraceScope,
  type TraceStatus,
  type TraceSummary,
  type ObservationNode,
} from './traces/trace-store.types';
export { MAX_SPANS_PER_TRACE } from './persistence/trace-store.repository';
