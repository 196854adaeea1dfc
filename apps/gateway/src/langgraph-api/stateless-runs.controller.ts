import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { lastEventIdOf } from '../http/sse';
import { BulkBody, CurrentPrincipal, RawResponse } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { PlatformRunService, RunStream } from '@app/langgraph';
import { ApiErrors } from '../http/openapi.decorators';
import { JoinStreamQueryDto, RunCreateDto } from './dto/run.dto';
import { LANGGRAPH_PATH, presentRun, RUN_SCHEMA, VALUES_SCHEMA } from './langgraph.presenter';
import { ApiLangGraphAuth, ApiRaw, RUN_PARAM, SSE_RESPONSE } from './openapi';
import { STATELESS_RUN_EXAMPLES } from './examples';
import { PlatformRunWebhooks } from './platform-run-webhooks';
import { toRunRequest } from './run-request';
import { pipeRunStream, truthy } from './run-sse';
import { disconnectSignal } from './thread-runs.controller';

const CREATE_ERRORS = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'QUEUE_FULL',
] as const;

/** Stateless runs: each on a temporary thread, deleted when it settles unless on_completion is keep. */
@ApiTags('langgraph runs')
@ApiLangGraphAuth()
@RawResponse()
@Controller(`${LANGGRAPH_PATH.slice(1)}/runs`)
export class StatelessRunsController {
  constructor(
    private readonly runs: PlatformRunService,
    private readonly stream: RunStream,
    private readonly runWebhooks: PlatformRunWebhooks,
  ) {}

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
  @ApiErrors(...CREATE_ERRORS)
  async create(
    @Body() body: RunCreateDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const run = await this.runWebhooks.start(principal, body.webhook, () =>
      this.runs.create({ tenant: principal.tenant, principalId: principal.id }, null, toRunRequest(body)),
    );
    res.setHeader('Content-Location', `${LANGGRAPH_PATH}/runs/${run.id}`);
    return presentRun(run);
  }

  @Post('stream')
  @BulkBody()
  @ApiBody({ type: RunCreateDto, examples: STATELESS_RUN_EXAMPLES })
  @ApiOperation({
    operationId: 'lgStreamStatelessRun',
    summary: 'Create a stateless run and stream it (SSE)',
    description: 'SDK: client.runs.stream(null, …). Server-Sent Events as for a thread run.',
  })
  @ApiProduces('text/event-stream')
  @SSE_RESPONSE
  @ApiErrors(...CREATE_ERRORS)
  async createStream(
    @Body() body: RunCreateDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const run = await this.runWebhooks.start(principal, body.webhook, () =>
      this.runs.create({ tenant: principal.tenant, principalId: principal.id }, null, toRunRequest(body)),
    );
    res.setHeader('Content-Location', `${LANGGRAPH_PATH}/runs/${run.id}`);
    await pipeRunStream(this.runs, this.stream, run, req, res, { cancelOnDisconnect: body.on_disconnect === 'cancel' });
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
  @ApiErrors(...CREATE_ERRORS)
  async createWait(
    @Body() body: RunCreateDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const run = await this.runWebhooks.start(principal, body.webhook, () =>
      this.runs.create({ tenant: principal.tenant, principalId: principal.id }, null, toRunRequest(body)),
    );
    res.setHeader('Content-Location', `${LANGGRAPH_PATH}/runs/${run.id}`);
    const settled = await this.runs.settled(principal.tenant, run, disconnectSignal(req, res));
    return this.runs.result(principal.tenant, settled);
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
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id' })
  @ApiProduces('text/event-stream')
  @SSE_RESPONSE
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async joinStream(
    @Param('run_id') runId: string,
    @Query() query: JoinStreamQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const run = await this.runs.get(principal.tenant, null, runId);
    await pipeRunStream(this.runs, this.stream, run, req, res, {
      lastEventId: lastEventIdOf(req),
      modes: query.stream_mode,
      cancelOnDisconnect: truthy(query.cancel_on_disconnect),
    });
  }
}
