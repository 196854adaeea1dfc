import { Body, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { AppError, CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import {
  AlertEvaluator,
  AlertHistory,
  AlertRules,
  DashboardService,
  HealthAggregator,
  MetricSampler,
  SERIES_CATALOG,
  Silences,
  isKnownSeriesName,
} from '@app/monitoring-orchestrator';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { CreateAlertRuleDto } from './dto/create-alert-rule.dto';
import { CreateSilenceDto } from './dto/create-silence.dto';
import { AlertHistoryQueryDto, SeriesQueryDto, windowToMs } from './dto/monitoring-query.dto';
import { presentAlertEvent, ALERT_EVENT_SCHEMA } from './alert-event.presenter';
import { DELETION_SCHEMA, presentDeletion } from './alert-owner.schema';
import { ALERT_RULE_SCHEMA, presentAlertRule } from './alert-rule.presenter';
import { DASHBOARD_SCHEMA, presentDashboard } from './dashboard.presenter';
import { HEALTH_SCHEMA, presentHealth } from './health.presenter';
import { presentSeries, presentSeriesCatalog, SERIES_SCHEMA } from './series.presenter';
import { presentSilence, SILENCE_SCHEMA } from './silence.presenter';

const RULE_ID = { name: 'id', description: 'Rule id (from POST /alerts/rules)', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' };
const SILENCE_ID = {
  name: 'id',
  description: 'Silence id (from POST /alerts/silences)',
  example: '01JD3Z9A1B2C3D4E5F6G7H8J9K',
};

const MAX_WINDOW_MS = 7 * 24 * 3600 * 1000;

/**
 * Health of every component, metric series, alert rules and silences, and the dashboard's data.
 * Rules, silences and history belong to the creator's tenant: another tenant gets 404 for them and
 * never sees them in a list; system rules are read by every tenant and changed by the system admin.
 */
@CallerController('monitoring', 'api/v1/monitoring')
export class MonitoringController {
  constructor(
    private readonly health: HealthAggregator,
    private readonly sampler: MetricSampler,
    private readonly rules: AlertRules,
    private readonly evaluator: AlertEvaluator,
    private readonly history: AlertHistory,
    private readonly silences: Silences,
    private readonly dashboard: DashboardService,
  ) {}

  @Get('health')
  @ApiOperation({
    operationId: 'getMonitoringHealth',
    summary: 'Health of every component',
    description:
      'From each library’s status contributor; overall is the worst state. Component details count every ' +
      'tenant’s work, so only the system admin gets them; other callers get each component’s state.',
  })
  @ApiEnvelope(200, 'Aggregated health', HEALTH_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async getHealth(@CurrentPrincipal() caller: Principal) {
    return presentHealth(await this.health.collectFor(caller));
  }

  @Get('metrics/series')
  @ApiOperation({
    operationId: 'listMetricSeries',
    summary: 'A metric series over a window, or the list of series',
    description:
      'Points are `{ t: epoch ms, v }`, oldest first, from bounded ring buffers. Series describe the whole service, ' +
      'the same for every tenant.',
  })
  @ApiEnvelope(200, 'The series (or the catalogue without `name`)', SERIES_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  series(@Query() query: SeriesQueryDto) {
    const windowMs = windowToMs(query.window ?? '15m');
    if (windowMs < 1 || windowMs > MAX_WINDOW_MS) {
      throw AppError.validation([{ field: 'window', message: 'must be between 1 ms and 7 days' }]);
    }
    if (query.name === undefined) {
      return presentSeriesCatalog(SERIES_CATALOG, this.sampler.names());
    }
    if (!isKnownSeriesName(query.name)) {
      const known = `${Object.keys(SERIES_CATALOG).join(', ')}, queue.<queue>.depth|running`;
      throw AppError.validation([{ field: 'name', message: `unknown series; known: ${known}` }]);
    }
    const description = Object.hasOwn(SERIES_CATALOG, query.name) ? SERIES_CATALOG[query.name] : 'per-queue series';
    return presentSeries(query.name, description, windowMs, this.sampler.points(query.name, windowMs));
  }

  @Get('alerts')
  @ApiOperation({
    operationId: 'listAlerts',
    summary: 'Alert rules the caller sees, with their current state (inactive, pending, firing)',
    description:
      'The caller’s tenant’s rules and the system rules (the system admin: every rule). The state is the one kept by ' +
      'the replica that answers (alert state is per replica; it survives restarts).',
  })
  @ApiEnvelope(200, 'Rules and states', { type: 'array', items: ALERT_RULE_SCHEMA })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async listAlerts(@CurrentPrincipal() caller: Principal) {
    return (await this.rules.visibleTo(caller)).map((rule) => presentAlertRule(rule, this.evaluator.stateOf(rule.id)));
  }

  @Post('alerts/rules')
  @ApiOperation({
    operationId: 'createAlertRule',
    summary: 'Create an alert rule',
    description:
      'Condition: reduce(series over windowMs) <comparison> threshold, held for forMs → firing. The rule belongs to ' +
      'the caller’s tenant; `scope: system` (system admin only) makes a system rule. At most 100 per owner.',
  })
  @ApiEnvelope(201, 'The rule', ALERT_RULE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async createRule(@Body() body: CreateAlertRuleDto, @CurrentPrincipal() caller: Principal) {
    const { series, comparison, threshold, forMs = 0, reduce = 'last', windowMs = 0 } = body.expr;
    const rule = await this.rules.create(caller, {
      name: body.name,
      severity: body.severity,
      scope: body.scope,
      expr: { series, comparison, threshold, forMs, reduce, windowMs },
    });
    return presentAlertRule(rule, this.evaluator.stateOf(rule.id));
  }

  @Delete('alerts/rules/:id')
  @ApiParam(RULE_ID)
  @ApiOperation({
    operationId: 'deleteAlertRule',
    summary: 'Delete an alert rule made through the API',
    description:
      'A rule of the caller’s tenant (the system admin: any). Another tenant’s rule is 404; a system rule is 403 for ' +
      'anyone but the system admin, and 409 for a config rule (change the config file).',
  })
  @ApiEnvelope(200, 'Deleted', DELETION_SCHEMA('01JD3Z8X6Q4W3N5R7T9V1B2C3D'))
  @ApiErrors('NOT_FOUND', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async deleteRule(@Param('id') id: string, @CurrentPrincipal() caller: Principal) {
    await this.rules.remove(caller, id);
    await this.evaluator.forget(id);
    return presentDeletion(id);
  }

  @Get('alerts/history')
  @ApiOperation({
    operationId: 'listAlertHistory',
    summary: 'Alert state changes, newest first',
    description:
      'pending, firing, resolved, cancelled of the rules the caller sees (its tenant’s and the system rules; the ' +
      'system admin: all). Kept per owner up to historyLimit.',
  })
  @ApiCursorPage('One page of events', ALERT_EVENT_SCHEMA)
  async listHistory(@Query() query: AlertHistoryQueryDto, @CurrentPrincipal() caller: Principal) {
    const page = await this.history.list(caller, query);
    return presentPage(page, presentAlertEvent);
  }

  @Get('alerts/silences')
  @ApiOperation({
    operationId: 'listAlertSilences',
    summary: 'Current and future silences of the caller’s tenant',
    description: 'The system admin sees every tenant’s silences and the system-scope ones.',
  })
  @ApiEnvelope(200, 'Silences', { type: 'array', items: SILENCE_SCHEMA })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async listSilences(@CurrentPrincipal() caller: Principal) {
    return (await this.silences.list(caller)).map(presentSilence);
  }

  @Post('alerts/silences')
  @ApiOperation({
    operationId: 'createAlertSilence',
    summary: 'Silence alerts for a time',
    description:
      'Matching alerts still change state (history marks them silenced) but send no webhook. A silence mutes rules ' +
      'of the caller’s tenant only; `scope: system` (system admin only) mutes the system rules. At most 100 current ' +
      'or planned per owner.',
  })
  @ApiEnvelope(201, 'The silence', SILENCE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async createSilence(@Body() body: CreateSilenceDto, @CurrentPrincipal() caller: Principal) {
    const silence = await this.silences.create(caller, {
      ruleName: body.ruleName,
      severity: body.severity,
      startsAt: body.startsAt === undefined ? undefined : new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
      comment: body.comment,
      scope: body.scope,
    });
    return presentSilence(silence);
  }

  @Delete('alerts/silences/:id')
  @ApiParam(SILENCE_ID)
  @ApiOperation({
    operationId: 'deleteAlertSilence',
    summary: 'End a silence',
    description: 'One of the caller’s tenant (the system admin: any); another tenant’s is 404.',
  })
  @ApiEnvelope(200, 'Deleted', DELETION_SCHEMA('01JD3Z9A1B2C3D4E5F6G7H8J9K'))
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async deleteSilence(@Param('id') id: string, @CurrentPrincipal() caller: Principal) {
    await this.silences.remove(caller, id);
    return presentDeletion(id);
  }

  @Get('dashboard')
  @RequireRole('viewer')
  @ApiOperation({
    operationId: 'getDashboardData',
    summary: 'Everything the dashboard shows, as JSON',
    description:
      'Health, key series over the last 15 minutes, queues, recent failures of the caller’s tenant’s work, and the ' +
      'firing alerts and recent history of the rules the caller sees.',
  })
  @ApiEnvelope(200, 'Dashboard data', DASHBOARD_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async dashboardData(@CurrentPrincipal() caller: Principal) {
    return presentDashboard(await this.dashboard.data(caller));
  }
}
