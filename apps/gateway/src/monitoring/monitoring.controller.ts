import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AppError, CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import {
  AlertEvaluator,
  AlertRepository,
  AlertRules,
  DashboardService,
  HealthAggregator,
  MetricSampler,
  SERIES_CATALOG,
  Silences,
  isKnownSeriesName,
} from '@app/monitoring-orchestrator';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { AlertHistoryQueryDto, CreateAlertRuleDto, CreateSilenceDto, SeriesQueryDto, windowToMs } from './monitoring.dto';

const MAX_WINDOW_MS = 7 * 24 * 3600 * 1000;
const RULE_EXAMPLE = {
  id: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
  name: 'high-error-ratio',
  expr: { series: 'http.error_ratio', comparison: '>', threshold: 0.05, forMs: 60000, reduce: 'avg', windowMs: 60000 },
  severity: 'critical',
  source: 'api',
  state: { state: 'firing', since: '2030-01-01T09:01:00.000Z', value: 0.12, evaluatedAt: '2030-01-01T09:05:00.000Z' },
};

/** Health of every component, metric series, alert rules and silences, and the dashboard's data. */
@ApiTags('monitoring')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@Controller('api/v1/monitoring')
export class MonitoringController {
  constructor(
    private readonly health: HealthAggregator,
    private readonly sampler: MetricSampler,
    private readonly rules: AlertRules,
    private readonly evaluator: AlertEvaluator,
    private readonly alerts: AlertRepository,
    private readonly silences: Silences,
    private readonly dashboard: DashboardService,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Health of every component', description: 'From each library’s status contributor; overall is the worst state.' })
  @ApiEnvelope(200, 'Aggregated health', { type: 'object', example: { status: 'up', components: { scheduler: { state: 'up', details: { queued: 0 } } } } })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  getHealth() {
    return this.health.collect();
  }

  @Get('metrics/series')
  @ApiOperation({ summary: 'A metric series over a window, or the list of series', description: 'Points are `{ t: epoch ms, v }`, oldest first, from bounded ring buffers.' })
  @ApiEnvelope(200, 'The series (or the catalogue without `name`)', {
    type: 'object',
    example: { name: 'http.request_rate', description: 'HTTP requests per second', windowMs: 900000, points: [{ t: 1893488400000, v: 12.4 }] },
  })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  series(@Query() query: SeriesQueryDto) {
    const windowMs = windowToMs(query.window ?? '15m');
    if (windowMs < 1 || windowMs > MAX_WINDOW_MS) throw AppError.validation([{ field: 'window', message: 'must be between 1 ms and 7 days' }]);
    if (query.name === undefined) {
      return { series: Object.entries(SERIES_CATALOG).map(([name, description]) => ({ name, description })), sampled: this.sampler.names() };
    }
    if (!isKnownSeriesName(query.name)) {
      throw AppError.validation([{ field: 'name', message: `unknown series; known: ${Object.keys(SERIES_CATALOG).join(', ')}, queue.<queue>.depth|running` }]);
    }
    return { name: query.name, description: SERIES_CATALOG[query.name] ?? 'per-queue series', windowMs, points: this.sampler.points(query.name, windowMs) };
  }

  @Get('alerts')
  @ApiOperation({ summary: 'Alert rules with their current state (inactive, pending, firing)', description: 'The state kept by the replica that answers (alert state is per replica; it survives restarts).' })
  @ApiEnvelope(200, 'Rules and states', { type: 'array', items: { type: 'object', example: RULE_EXAMPLE } })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async listAlerts() {
    return (await this.rules.all()).map((rule) => ({ ...rule, state: this.evaluator.stateOf(rule.id) }));
  }

  @Post('alerts/rules')
  @ApiOperation({ summary: 'Create an alert rule', description: 'Condition: reduce(series over windowMs) <comparison> threshold, held for forMs → firing.' })
  @ApiEnvelope(201, 'The rule', { type: 'object', example: RULE_EXAMPLE })
  @ApiErrors('VALIDATION_FAILED', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  createRule(@Body() body: CreateAlertRuleDto) {
    return this.rules.create({
      name: body.name,
      severity: body.severity,
      expr: { forMs: 0, reduce: 'last', windowMs: 0, ...stripUndefined(body.expr) } as never,
    });
  }

  @Delete('alerts/rules/:id')
  @ApiOperation({ summary: 'Delete an alert rule made through the API' })
  @ApiEnvelope(200, 'Deleted', { type: 'object', example: { id: '01JD3Z8X6Q4W3N5R7T9V1B2C3D', deleted: true } })
  @ApiErrors('NOT_FOUND', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async deleteRule(@Param('id') id: string) {
    await this.rules.remove(id);
    await this.evaluator.forget(id);
    return { id, deleted: true };
  }

  @Get('alerts/history')
  @ApiOperation({ summary: 'Alert state changes, newest first', description: 'pending, firing, resolved, cancelled; bounded by historyLimit.' })
  @ApiEnvelope(200, 'One page of events', { type: 'object', example: { items: [{ ruleName: 'high-error-ratio', kind: 'firing', value: 0.12, threshold: 0.05, silenced: false, at: '2030-01-01T09:01:00.000Z', replica: 'embedded' }], nextCursor: null } })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  history(@Query() query: AlertHistoryQueryDto) {
    return this.alerts.history(query);
  }

  @Get('alerts/silences')
  @ApiOperation({ summary: 'Current and future silences' })
  @ApiEnvelope(200, 'Silences', { type: 'array', items: { type: 'object', example: { id: '01JD…', ruleName: 'high-error-ratio', severity: null, startsAt: '2030-01-01T09:00:00.000Z', endsAt: '2030-01-01T11:00:00.000Z', comment: 'failover' } } })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  listSilences() {
    return this.silences.list();
  }

  @Post('alerts/silences')
  @ApiOperation({ summary: 'Silence alerts for a time', description: 'Matching alerts still change state (history marks them silenced) but send no webhook.' })
  @ApiEnvelope(201, 'The silence', { type: 'object', example: { id: '01JD…', ruleName: 'high-error-ratio', endsAt: '2030-01-01T11:00:00.000Z' } })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  createSilence(@Body() body: CreateSilenceDto, @CurrentPrincipal() principal: Principal) {
    return this.silences.create(body, principal.id);
  }

  @Delete('alerts/silences/:id')
  @ApiOperation({ summary: 'End a silence' })
  @ApiEnvelope(200, 'Deleted', { type: 'object', example: { id: '01JD…', deleted: true } })
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async deleteSilence(@Param('id') id: string) {
    await this.silences.remove(id);
    return { id, deleted: true };
  }

  @Get('dashboard')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Everything the dashboard shows, as JSON', description: 'Health, key series over the last 15 minutes, queues, recent failures, firing alerts.' })
  @ApiEnvelope(200, 'Dashboard data', { type: 'object', example: { generatedAt: '2030-01-01T09:00:00.000Z', health: { status: 'up', components: {} }, series: { 'http.request_rate': [] }, queues: [], recentFailures: [], alerts: { firing: [], recent: [] } } })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  dashboardData() {
    return this.dashboard.data();
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
