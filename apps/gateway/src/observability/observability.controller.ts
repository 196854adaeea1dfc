import { Body, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { AppError, CurrentPrincipal, type Principal } from '@app/infrastructure';
import { ScoreService, TraceQueryService } from '@app/langfuse';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { SCORE_EXAMPLES } from './dto/score-examples';
import {
  CreateScoreDto,
  MAX_WINDOW_MS,
  MetricsSummaryQueryDto,
  SessionParams,
  SessionQueryDto,
  TenantQueryDto,
  TraceParams,
  TracesQueryDto,
  windowToMs,
} from './dto/observability.dto';
import {
  METRICS_SUMMARY_SCHEMA,
  presentMetricsSummary,
  presentScore,
  presentTraceDetail,
  presentTracePage,
  SCORE_SCHEMA,
  SESSION_SCHEMA,
  TRACE_DETAIL_SCHEMA,
  TRACE_SUMMARY_SCHEMA,
} from './observability.presenter';

/**
 * The local trace store: what happened, how long it took, what it cost, without a Langfuse
 * server. Every trace id is the one returned in X-Trace-Id and exported to Langfuse / OTLP.
 * Each tenant sees its own traces, sessions, scores and summaries only (another tenant's trace
 * or session answers 404); the system admin sees every tenant's, or one with `?tenant=`.
 */
@CallerController('observability', 'api/v1/observability')
export class ObservabilityController {
  constructor(
    private readonly traces: TraceQueryService,
    private readonly scores: ScoreService,
  ) {}

  @Get('traces')
  @ApiOperation({
    operationId: 'listTraces',
    summary: "List the caller's tenant's traces, newest first",
    description: 'Cursor-paginated; filter by time range, name, status, session, user and minimum duration.',
  })
  @ApiCursorPage('One page of traces', TRACE_SUMMARY_SCHEMA)
  async list(@Query() query: TracesQueryDto, @CurrentPrincipal() principal: Principal) {
    return presentTracePage(await this.traces.listTraces(principal, query));
  }

  @Get('traces/:id')
  @ApiOperation({
    operationId: 'getTrace',
    summary: 'One trace: its observation tree with timings, attributes, status and errors, and its scores',
    description: 'A trace of your tenant by its id (the `X-Trace-Id` header of any response).',
  })
  @ApiEnvelope(200, 'The trace', TRACE_DETAIL_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param() p: TraceParams, @Query() q: TenantQueryDto, @CurrentPrincipal() principal: Principal) {
    return presentTraceDetail(await this.traces.trace(principal, p.id, q.tenant));
  }

  @Post('traces/:id/scores')
  @ApiBody({ type: CreateScoreDto, examples: SCORE_EXAMPLES })
  @ApiOperation({
    operationId: 'createTraceScore',
    summary: 'Score a trace (or one of its observations)',
    description:
      'Stored locally, listed on the trace, and sent to Langfuse (with the tenant in its metadata) when ' +
      'LANGFUSE_PUBLIC_KEY/SECRET_KEY are set (`langfuse` says how that went). Only a trace of the ' +
      "caller's tenant can be scored (another's answers 404); without the local store, only the system admin.",
  })
  @ApiEnvelope(201, 'The stored score', SCORE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async score(
    @Param() p: TraceParams,
    @Query() q: TenantQueryDto,
    @Body() body: CreateScoreDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentScore(await this.scores.create(principal, p.id, body, q.tenant));
  }

  @Get('traces/:id/scores')
  @ApiOperation({
    operationId: 'listTraceScores',
    summary: 'The scores of a trace, oldest first',
    description: 'Scores given to the trace (numeric, boolean or categorical), oldest first.',
  })
  @ApiEnvelope(200, 'Scores', { type: 'object', properties: { items: { type: 'array', items: SCORE_SCHEMA } } })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async listScores(@Param() p: TraceParams, @Query() q: TenantQueryDto, @CurrentPrincipal() principal: Principal) {
    return { items: (await this.traces.trace(principal, p.id, q.tenant)).scores.map(presentScore) };
  }

  @Get('sessions/:id')
  @ApiOperation({
    operationId: 'getTraceSession',
    summary: "A session of the caller's tenant: its traces in the order they happened",
    description: 'Cursor-paginated, oldest first.',
  })
  @ApiEnvelope(200, "The session's traces", SESSION_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async session(@Param() p: SessionParams, @Query() query: SessionQueryDto, @CurrentPrincipal() principal: Principal) {
    const session = await this.traces.session(principal, p.id, query);
    return { sessionId: session.sessionId, ...presentTracePage(session) };
  }

  @Get('metrics/summary')
  @ApiOperation({
    operationId: 'getMetricsSummary',
    summary: 'Latency, errors, tokens, cache hits and cost over a window',
    description:
      "Over the caller's tenant's spans, per operation (span name) or per model: count, error rate, p50/p95/p99 " +
      '(linear interpolation, as numpy/Excel), token totals; cache hit ratio over spans that carry `cache.hit` ' +
      '(or handit task.cache_hit). `cost`: what the model calls (generations) cost, from the price table in ' +
      'config/ai-orchestration.yml, by model, tenant, workflow and UTC day.',
  })
  @ApiEnvelope(200, 'The summary', METRICS_SUMMARY_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async summary(@Query() query: MetricsSummaryQueryDto, @CurrentPrincipal() principal: Principal) {
    const windowMs = windowToMs(query.window ?? '1h');
    if (windowMs > MAX_WINDOW_MS) throw AppError.validation([{ field: 'window', message: 'must be at most 31d' }]);
    const summary = await this.traces.metricsSummary(principal, windowMs, query.groupBy ?? 'operation', query.tenant);
    return presentMetricsSummary(summary);
  }
}
