import { Body, Delete, Get, Put } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { DataPolicyService } from '@app/handit';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { UpdateDataPolicyDto } from './dto/data-policy.dto';
import { DATA_POLICY_SCHEMA, presentDataPolicy } from './data-quality.presenter';

const CHECKS =
  'Candle inputs are checked before analysis: the last candle older than the staleness for its interval on ' +
  'the calendar of the input’s asset class (a closed market is not stale), gaps beyond the venue’s sessions, ' +
  'duplicate or out-of-order times, zero-volume runs.';
const SET =
  'reject answers 400 VALIDATION_FAILED naming each problem; warn accepts the task and lists the problems under ' +
  'its dataQuality.warnings; ignore checks nothing. The body replaces the tenant’s override; fields left out take ' +
  'the configured defaults. Stored, so it holds after a restart and on every replica.';

/** The caller's tenant's data policy: read by anyone of the tenant, changed by its admin. */
@CallerController('tasks', 'api/v1/ai-orchestration/data-policy')
export class DataPolicyController {
  constructor(private readonly policies: DataPolicyService) {}

  @Get()
  @ApiOperation({
    operationId: 'getDataPolicy',
    summary: 'The data policy your tenant’s tasks are checked under',
    description: CHECKS,
  })
  @ApiEnvelope(200, 'The effective policy: the tenant’s override on top of the configured defaults', DATA_POLICY_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async get(@CurrentPrincipal() principal: Principal) {
    return presentDataPolicy(await this.policies.effective(principal.tenant));
  }

  @Put()
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'setDataPolicy',
    summary: 'Set your tenant’s data policy (admin)',
    description: `${CHECKS} ${SET}`,
  })
  @ApiEnvelope(200, 'The effective policy', DATA_POLICY_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async set(@CurrentPrincipal() principal: Principal, @Body() body: UpdateDataPolicyDto) {
    const staleness = body.staleness ? { ...body.staleness } : undefined;
    return presentDataPolicy(await this.policies.set(principal, { ...body, staleness }));
  }

  @Delete()
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'resetDataPolicy',
    summary: 'Drop your tenant’s override: back to the configured defaults (admin)',
    description: 'Your tenant’s data policy returns to the configured defaults; answers the policy now in force.',
  })
  @ApiEnvelope(200, 'The effective policy', DATA_POLICY_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async reset(@CurrentPrincipal() principal: Principal) {
    return presentDataPolicy(await this.policies.reset(principal));
  }
}
