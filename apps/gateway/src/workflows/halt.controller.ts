import { Body, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { HaltService } from '@app/langgraph';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { HaltDto, ResumeHaltDto } from './dto/halt.dto';
import { ORCHESTRATION_PATH } from './run.presenter';
import { HALT_STATE_SCHEMA, presentHaltState } from './risk.presenter';

const EFFECT =
  'While a switch is on, executing a workflow answers 409 CONFLICT and running runs are interrupted before their ' +
  'next node (status interrupted, interrupt kind halt); resuming an interrupt answers 409 too. The switch is stored: ' +
  'it holds across restarts and on every replica. It shows on /status and as the orchestration_halted metric.';

/** The kill switch: a tenant's (its operators pull it, its admin lifts it) and the global one (system admin). */
@CallerController('workflows', `${ORCHESTRATION_PATH.slice(1)}/halt`)
export class HaltController {
  constructor(private readonly halts: HaltService) {}

  @Get()
  @ApiOperation({
    operationId: 'getHaltState',
    summary: 'The kill switches that concern you: your tenant’s and the global one',
    description: 'Whether trading workflows are halted for your tenant or globally, since when, by whom and why.',
  })
  @ApiEnvelope(200, 'Their state', HALT_STATE_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async state(@CurrentPrincipal() principal: Principal) {
    return presentHaltState(await this.halts.state(principal));
  }

  @Post()
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({
    operationId: 'haltWorkflows',
    summary: 'Halt trading workflows: your tenant’s (operator), or every tenant’s with scope global (system admin)',
    description: `${EFFECT} Halting twice keeps the first reason and time.`,
  })
  @ApiEnvelope(200, 'The switches now', HALT_STATE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async halt(@CurrentPrincipal() principal: Principal, @Body() body: HaltDto) {
    return presentHaltState(await this.halts.halt(principal, body.scope ?? 'tenant', body.reason));
  }

  @Post('resume')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'liftHalt',
    summary: 'Lift a kill switch: your tenant’s (admin), or the global one (system admin)',
    description:
      'New runs are accepted again, and the runs the switch interrupted go on from their checkpoints (those still ' +
      'held by the other switch wait for it); resumedRuns counts them.',
  })
  @ApiBody({ type: ResumeHaltDto, required: false })
  @ApiEnvelope(200, 'The switches now', HALT_STATE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async resume(@CurrentPrincipal() principal: Principal, @Body() body: ResumeHaltDto) {
    const { resumedRuns, ...state } = await this.halts.resume(principal, body?.scope ?? 'tenant');
    return presentHaltState(state, { resumedRuns });
  }
}
