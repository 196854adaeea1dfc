import { Body, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BulkBody, CurrentPrincipal } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { ApiErrors } from '../http/openapi.decorators';
import { JoinStreamQueryDto, RunCreateDto } from './dto/run.dto';
import { presentRun, RUN_SCHEMA, VALUES_SCHEMA } from './langgraph.presenter';
import { ApiJoinRunSse, ApiRaw, ApiRunSse, LangGraphController, RUN_CREATE_ERRORS, RUN_PARAM } from './openapi';
import { STATELESS_RUN_EXAMPLES } from './examples';
import { PlatformRunRoutes } from './platform-run-routes';

/** Stateless runs: each on a temporary thread, deleted when it settles unless on_completion is keep. */
@LangGraphController('langgraph runs', '/runs')
export class StatelessRunsController {
  constructor(private readonly routes: PlatformRunRoutes) {}

  @Post()
  @HttpCode(200)
  @BulkBody()
  @ApiBody({ type: RunCreateDto, examples: STATELESS_RUN_EXAMPLES })
  @ApiOperation({
    operationId: 'lgCreateStatelessRun',
    summary: 'Create a background stateless run',
    description:
      'SDK: client.runs.create(null, …). The run gets a temporary thread, deleted when it settles unless on_completion is keep.',
  })
  @ApiRaw(200, 'The run', RUN_SCHEMA)
  @ApiErrors(...RUN_CREATE_ERRORS)
  async create(
    @Body() body: RunCreateDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    return presentRun(await this.routes.create(principal, null, body, res));
  }

  @Post('stream')
  @BulkBody()
  @ApiBody({ type: RunCreateDto, examples: STATELESS_RUN_EXAMPLES })
  @ApiOperation({
    operationId: 'lgStreamStatelessRun',
    summary: 'Create a stateless run and stream it (SSE)',
    description: 'SDK: client.runs.stream(null, …). Server-Sent Events as for a thread run.',
  })
  @ApiRunSse(...RUN_CREATE_ERRORS)
  async createStream(
    @Body() body: RunCreateDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.routes.createStream(principal, null, body, req, res);
  }

  @Post('wait')
  @HttpCode(200)
  @BulkBody()
  @ApiBody({ type: RunCreateDto, examples: STATELESS_RUN_EXAMPLES })
  @ApiOperation({
    operationId: 'lgWaitStatelessRun',
    summary: 'Run statelessly and answer when it settles: its final values',
    description:
      'SDK: client.runs.wait(null, …). Answers the last values the run streamed (with __interrupt__ when it waits for a human).',
  })
  @ApiRaw(200, 'The values after the run', VALUES_SCHEMA)
  @ApiErrors(...RUN_CREATE_ERRORS)
  async createWait(
    @Body() body: RunCreateDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.routes.createWait(principal, null, body, req, res);
  }

  @Get(':run_id/stream')
  @RUN_PARAM
  @ApiOperation({
    operationId: 'lgJoinStatelessRunStream',
    summary: 'Join a run’s stream by its id alone (SSE)',
    description:
      'SDK: client.runs.joinStream(null, runId). Any run of your tenant, stateless or not: what it streamed so far ' +
      '(after Last-Event-ID), then live until it settles.',
  })
  @ApiJoinRunSse()
  async joinStream(
    @Param('run_id') runId: string,
    @Query() query: JoinStreamQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.routes.joinStream(principal, null, runId, query, req, res);
  }
}
