import { Body, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery } from '@nestjs/swagger';
import { AppError, CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { ModelComparisonService, ModelGovernanceService } from '@app/handit';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { SetRoutingRuleDto } from './dto/model-governance.dto';
import { COMPARISON_SCHEMA, presentComparison, presentRule, RULE_SCHEMA } from './model-governance.presenter';

const MODEL_ID = { name: 'id', description: 'Model id', example: 'equities-technical' };
const ROUTING =
  'A routing rule spreads a model’s routed tasks (tasks that name the model, or are routed to it by type, without ' +
  'pinning a version) over its active versions by weight. Sticky rules hash a key (the input’s symbol, the ' +
  'tenant, or a header) with a stable hash, so one key always gets one version; otherwise each task draws. A ' +
  'tenant’s own rule wins over the every-tenant rule. Changes apply without a restart (other replicas within ' +
  'HANDIT_ROUTING_REFRESH_MS; tasks never read the database to route) and are audited with the old and new rule.';

/** Routing rules per model (and tenant), and the comparison of a model's versions. */
@CallerController('models', 'api/v1/ai-orchestration/models/:id')
export class ModelRoutingController {
  constructor(
    private readonly governance: ModelGovernanceService,
    private readonly comparison: ModelComparisonService,
  ) {}

  @Get('routing')
  @ApiOperation({
    operationId: 'listModelRoutingRules',
    summary: 'A model’s routing rules: for every tenant, and your tenant’s',
    description: ROUTING,
  })
  @ApiParam(MODEL_ID)
  @ApiEnvelope(200, 'The rules', RULE_SCHEMA, { isArray: true })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  rules(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.governance.rules(principal, id).map(presentRule);
  }

  @Put('routing')
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'setModelRoutingRule',
    summary: 'Set a model’s routing rule: weighted split, optionally sticky (admin)',
    description: `${ROUTING} Without tenant the rule is every tenant’s (system admin); with your tenant, yours (admin).`,
  })
  @ApiParam(MODEL_ID)
  @ApiBody({
    type: SetRoutingRuleDto,
    examples: {
      split: {
        summary: '90/10, one symbol one version',
        value: {
          split: [
            { version: 'v1', weight: 90 },
            { version: 'v2', weight: 10 },
          ],
          sticky: { by: 'symbol' },
        },
      },
    },
  })
  @ApiEnvelope(200, 'The rule as stored', RULE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async setRule(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: SetRoutingRuleDto) {
    const sticky = body.sticky ? { ...body.sticky } : null;
    return presentRule(
      await this.governance.setRule(principal, id, { ...body, split: body.split.map((s) => ({ ...s })), sticky }),
    );
  }

  @Delete('routing')
  @RequireRole('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'deleteModelRoutingRule',
    summary: 'Remove a model’s routing rule (admin)',
    description:
      'Routed tasks go back to the every-tenant rule, or the champion. Without tenant: the every-tenant rule ' +
      '(system admin). Audited.',
  })
  @ApiParam(MODEL_ID)
  @ApiQuery({
    name: 'tenant',
    required: false,
    description: 'Your tenant, for your tenant’s rule; left out: every tenant’s',
  })
  @ApiEnvelope(200, 'Removed', { type: 'object', properties: { deleted: { type: 'boolean', example: true } } })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async deleteRule(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query('tenant') tenant?: string,
  ) {
    if (tenant !== undefined && (typeof tenant !== 'string' || tenant.length > 64))
      throw AppError.validation([{ field: 'tenant', message: 'must be a tenant name' }]);
    await this.governance.deleteRule(principal, id, tenant);
    return { deleted: true };
  }

  @Get('comparison')
  @ApiOperation({
    operationId: 'compareModelVersions',
    summary: 'Compare a model’s versions over a window: agreement, latency and error rates',
    description:
      'Per version: the tasks it served that finished in the window (count, error rate, latency p50/p95/mean), and ' +
      'its shadow runs (count, error rate, agreement with the champion’s result: same signal direction, numbers ' +
      'within HANDIT_AGREEMENT_TOLERANCE; its latency beside the champion’s on the same tasks). Your tenant’s ' +
      'tasks; a system admin sees every tenant’s. Each kind of sample is capped (newest first).',
  })
  @ApiParam(MODEL_ID)
  @ApiQuery({ name: 'window', required: false, description: 'N then m, h or d (at most 90d)', example: '1h' })
  @ApiEnvelope(200, 'The comparison', COMPARISON_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async compare(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query('window') window?: string) {
    if (window !== undefined && typeof window !== 'string')
      throw AppError.validation([{ field: 'window', message: 'must be N then m, h or d' }]);
    return presentComparison(await this.comparison.compare(principal, id, window ?? '1h'));
  }
}
