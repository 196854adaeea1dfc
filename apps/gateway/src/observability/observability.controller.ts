import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AppError, CurrentPrincipal, type Principal } from '@app/infrastructure';
import { ScoreService, TraceQueryService, TracingRuntime } from '@app/langfuse';
import { PageQueryDto } from '../http/dto/page-query.dto';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CreateScoreDto, MAX_WINDOW_MS, MetricsSummaryQueryDto, SessionParams, TraceParams, TracesQueryDto, windowToMs } from './dto/observability.dto';
import { METRICS_SUMMARY_SCHEMA, PAGE_OF, SCORE_SCHEMA, TRACE_DETAIL_SCHEMA, TRACE_SUMMARY_SCHEMA } from './observability.schemas';

/**
 * The local trace store: what happened, how long it took, what it cost, without a Langfuse
 * server. Every trace id is the one returned in X-Trace-Id and exported to Langfuse / OTLP.
 */
@ApiTags('observability')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@Controller('api/v1/observability')
export class ObservabilityController {
  constructor(
    private readonly traces: TraceQueryService,
    private readonly scores: ScoreService,
    private readonly runtime: TracingRuntime,
  ) {}

  @Get('traces')
  @ApiOperation({ summary: 'List traces, newest first', description: 'Cursor-paginated; filter by time range, name, status, session, user and minimum duration.' })
  @ApiEnvelope(200, 'One page of traces', PAGE_OF(TRACE_SUMMARY_SCHEMA))
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  list(@Query() query: TracesQueryDto) {
    return this.traces.listTraces(query);
  }

  @Get('traces/:id')
  @ApiOperation({ summary: 'One trace: its observation tree with timings, attributes, status and errors, and its scores' })
  @ApiEnvelope(200, 'The trace', TRACE_DETAIL_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  get(@Param() p: TraceParams) {
    return this.traces.trace(p.id);
  }

  @Post('traces/:id/scores')
  @ApiOperation({
    summary: 'Score a trace (or one of its observations)',
    description: 'Stored locally, listed on the trace, and sent to Langfuse when LANGFUSE_PUBLIC_KEY/SECRET_KEY are set (`langfuse` says how that went).',
  })
  @ApiEnvelope(201, 'The stored score', SCORE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async score(@Param() p: TraceParams, @Body() body: CreateScoreDto, @CurrentPrincipal() principal: Principal) {
    if (this.runtime.localStore && !(await this.traces.exists(p.id))) throw AppError.notFound('Trace', p.id);
    return this.scores.create(p.id, body, principal.id);
  }

  @Get('traces/:id/scores')
  @ApiOperation({ summary: 'The scores of a trace, oldest first' })
  @ApiEnvelope(200, 'Scores', { type: 'object', properties: { items: { type: 'array', items: SCORE_SCHEMA } } })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async listScores(@Param() p: TraceParams) {
    return { items: (await this.traces.trace(p.id)).scores };
  }

  @Get('sessions/:id')
  @ApiOperation({ summary: 'A session: its traces in the order they happened', description: 'Cursor-paginated, oldest first.' })
  @ApiEnvelope(200, 'The session\'s traces', { ...PAGE_OF(TRACE_SUMMARY_SCHEMA), properties: { sessionId: { type: 'string' }, ...PAGE_OF(TRACE_SUMMARY_SCHEMA).properties } })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  session(@Param() p: SessionParams, @Query() page: PageQueryDto) {
    return this.traces.session(p.id, page);
  }

  @Get('metrics/summary')
  @ApiOperation({
    summary: 'Latency, errors, tokens and cache hits over a window',
    description: 'Per operation (span name) or per model: count, error rate, p50/p95/p99 (linear interpolation, as numpy/Excel), token totals; cache hit ratio over spans that carry `cache.hit` (or handit task.cache_hit).',
  })
  @ApiEnvelope(200, 'The summary', METRICS_SUMMARY_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  summary(@Query() query: MetricsSummaryQueryDto) {
    const windowMs = windowToMs(query.window ?? '1h');
    if (windowMs > MAX_WINDOW_MS) throw AppError.validation([{ field: 'window', message: 'must be at most 31d' }]);
    return this.traces.metricsSummary(windowMs, query.groupBy ?? 'operation');
  }
}
