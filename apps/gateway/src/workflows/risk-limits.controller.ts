import { Body, Delete, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { RiskLimitService } from '@app/langgraph';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { RiskLimitQueryDto, SetRiskLimitDto } from './dto/risk-limit.dto';
import { presentRiskLimit, RISK_LIMIT_SCHEMA, RISK_LIMITS_PATH } from './risk.presenter';
import { RISK_LIMIT_EXAMPLES } from './dto/risk-limit-examples';

const GATES =
  'A workflow’s risk_gate node (portfolio-rebalance has one) checks the exposure it computes against the tenant’s ' +
  'limits and those of its desk: a breach fails the run (RISK_LIMIT_BREACHED, naming the limit) or interrupts it for ' +
  'an approval, as the node says.';

/** Risk limits of the caller's tenant, for the whole tenant or a desk: read by anyone of it, set by its admin. */
@CallerController('workflows', RISK_LIMITS_PATH.slice(1))
export class RiskLimitsController {
  constructor(private readonly limits: RiskLimitService) {}

  @Get()
  @ApiOperation({ operationId: 'listRiskLimits', summary: 'List your tenant’s risk limits', description: GATES })
  @ApiEnvelope(200, 'The limits (tenant-wide ones have desk null)', RISK_LIMIT_SCHEMA, { isArray: true })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: RiskLimitQueryDto) {
    return (await this.limits.list(principal, query.desk)).map(presentRiskLimit);
  }

  @Post()
  @RequireRole('admin')
  @ApiBody({ type: SetRiskLimitDto, examples: RISK_LIMIT_EXAMPLES })
  @ApiOperation({
    operationId: 'setRiskLimit',
    summary: 'Set a risk limit (admin)',
    description: `${GATES} A limit with the same desk, metric and symbol is replaced (200); a new one is 201. Stored.`,
  })
  @ApiEnvelope(201, 'Created', RISK_LIMIT_SCHEMA)
  @ApiEnvelope(200, 'Replaced the max of the existing limit', RISK_LIMIT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async set(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SetRiskLimitDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { limit, created } = await this.limits.set(principal, body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    res.setHeader('Location', `${RISK_LIMITS_PATH}/${limit.id}`);
    return presentRiskLimit(limit);
  }

  @Delete(':id')
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'deleteRiskLimit',
    summary: 'Remove a risk limit (admin)',
    description: '404: an unknown limit, or another tenant’s.',
  })
  @ApiParam({ name: 'id', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' })
  @ApiEnvelope(200, 'The removed limit', RISK_LIMIT_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentRiskLimit(await this.limits.remove(principal, id));
  }
}
