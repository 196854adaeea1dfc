import { Body, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { BulkBody, CurrentPrincipal } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { CoordinationService } from '@app/agent-coordinator';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, BODY_ERRORS, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { presentRun, RUN_SCHEMA, RUNS_PATH } from './run.presenter';
import { CreateRunDto, CreateRunQueryDto, RunListQueryDto } from './dto/run.dto';
import { COORDINATION_RUN_EXAMPLES } from './dto/agent-examples';

@CallerController('coordination', RUNS_PATH.slice(1))
export class CoordinationController {
  constructor(private readonly coordination: CoordinationService) {}

  @Post()
  @BulkBody()
  @ApiBody({ type: CreateRunDto, examples: COORDINATION_RUN_EXAMPLES })
  @ApiOperation({
    operationId: 'createCoordinationRun',
    summary: 'Start a coordinated run over several agents',
    description:
      'sequential: agents in order, each step gets `input` plus `previous` (the last step’s agent and output); ' +
      'stops at the first failure. ' +
      'parallel: every agent at once with `input`; each reported, the run `partial` when some fail. ' +
      'consensus: every agent’s trading signal, combined by a vote weighted by each agent’s health score into ' +
      'one action with agreement ratio and dissenters. ' +
      'Agents whose circuit is open, paused or silent fail their step at once. Answers 202 with the run; ' +
      '`?wait=` answers 200 when it finishes in time.',
  })
  @ApiEnvelope(202, 'Accepted (Location: the run)', RUN_SCHEMA)
  @ApiEnvelope(200, 'Finished within ?wait', RUN_SCHEMA)
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'PROVIDER_UNAVAILABLE')
  async create(
    @Body() body: CreateRunDto,
    @Query() query: CreateRunQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    let run = await this.coordination.create({
      tenant: principal.tenant,
      principalId: principal.id,
      strategy: body.strategy,
      agents: body.agents,
      capability: body.capability,
      tasks: body.tasks,
      task: body.task,
      input: body.input,
      priority: body.priority,
      timeoutMs: body.timeoutMs,
    });
    if (query.wait) run = await this.coordination.waitForFinish(principal.tenant, run.id, query.wait);
    res.status(run.status === 'running' ? HttpStatus.ACCEPTED : HttpStatus.OK);
    res.setHeader('Location', `${RUNS_PATH}/${run.id}`);
    return presentRun(run);
  }

  @Get()
  @ApiOperation({
    operationId: 'listCoordinationRuns',
    summary: 'List coordinated runs, newest first',
    description: 'Filter by status and strategy; steps leave out agent outputs.',
  })
  @ApiCursorPage('One page', RUN_SCHEMA)
  async list(@Query() query: RunListQueryDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.coordination.list({
      tenant: principal.tenant,
      status: query.status,
      strategy: query.strategy,
      limit: query.limit,
      cursor: query.cursor,
    });
    return presentPage(result, (r) => presentRun(r, 'summary'));
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getCoordinationRun',
    summary: 'Get a run: status, each step (agent, message, output or error, latency) and the result',
    description: 'A coordination run of your tenant; `result` is set once every step finished.',
  })
  @ApiParam({ name: 'id', description: 'Run id (ULID)', example: '01JD3ZB7C8D9E0F1G2H3J4K5M6' })
  @ApiEnvelope(200, 'The run', RUN_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentRun(await this.coordination.get(principal.tenant, id));
  }
}
