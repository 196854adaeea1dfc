import { Body, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BulkBody, CurrentPrincipal } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { PlatformRunService, type RunStatus } from '@app/langgraph';
import { ApiErrors } from '../http/openapi.decorators';
import { CancelQueryDto, JoinQueryDto, JoinStreamQueryDto, RunCreateDto, RunListQueryDto } from './dto/run.dto';
import { presentRun, RUN_SCHEMA, VALUES_SCHEMA } from './langgraph.presenter';
import {
  ApiJoinRunSse,
  ApiRaw,
  ApiRunSse,
  LangGraphController,
  RUN_CREATE_ERRORS,
  RUN_PARAM,
  THREAD_PARAM,
} from './openapi';
import { RUN_EXAMPLES } from './examples';
import { PlatformRunRoutes } from './platform-run-routes';
import { disconnectSignal, truthy } from './run-sse';

const CREATE_ERRORS = [...RUN_CREATE_ERRORS, 'CONFLICT'] as const;
/** Platform statuses back to ours, for ?status= on the list. */
const FROM_PLATFORM: Record<string, RunStatus[]> = {
  pending: ['queued'],
  running: ['running'],
  success: ['succeeded', 'interrupted'],
  error: ['failed'],
  timeout: ['failed'],
  interrupted: ['cancelled'],
};

/** Runs on a thread: background, wait, stream, join, cancel; multitask strategies on overlap. */
@LangGraphController('langgraph runs', '/threads/:thread_id/runs')
export class ThreadRunsController {
  constructor(
    private readonly runs: PlatformRunService,
    private readonly routes: PlatformRunRoutes,
  ) {}

  @Post()
  @HttpCode(200)
  @BulkBody()
  @THREAD_PARAM
  @ApiBody({ type: RunCreateDto, examples: RUN_EXAMPLES })
  @ApiOperation({
    operationId: 'lgCreateRun',
    summary: 'Create a background run on a thread',
    description:
      'Stored before the answer (Content-Location is its URL). A second run while one is queued or running follows ' +
      'multitask_strategy: reject (409), enqueue (after it), interrupt (cancel it, then run), rollback (cancel and ' +
      'delete it, back to the checkpoint before it). command resumes an interrupt; checkpoint_id forks.',
  })
  @ApiRaw(200, 'The run', RUN_SCHEMA)
  @ApiErrors(...CREATE_ERRORS)
  async create(
    @Param('thread_id') threadId: string,
    @Body() body: RunCreateDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    return presentRun(await this.routes.create(principal, threadId, body, res));
  }

  @Post('stream')
  @BulkBody()
  @THREAD_PARAM
  @ApiBody({ type: RunCreateDto, examples: RUN_EXAMPLES })
  @ApiOperation({
    operationId: 'lgStreamRun',
    summary: 'Create a run on a thread and stream it (SSE)',
    description:
      'SDK: client.runs.stream. The run is stored first; the stream sends what it produces in the requested stream_mode(s) until it settles. on_disconnect=cancel cancels it when the client goes away.',
  })
  @ApiRunSse(...CREATE_ERRORS)
  async createStream(
    @Param('thread_id') threadId: string,
    @Body() body: RunCreateDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.routes.createStream(principal, threadId, body, req, res);
  }

  @Post('wait')
  @HttpCode(200)
  @BulkBody()
  @THREAD_PARAM
  @ApiBody({ type: RunCreateDto, examples: RUN_EXAMPLES })
  @ApiOperation({
    operationId: 'lgWaitRun',
    summary: 'Create a run on a thread and answer when it settles: the thread values',
    description:
      'SDK: client.runs.wait. Holds the request until the run finishes or waits at an interrupt; __error__ for a failed run.',
  })
  @ApiRaw(200, 'The thread values after the run', VALUES_SCHEMA)
  @ApiErrors(...CREATE_ERRORS)
  async createWait(
    @Param('thread_id') threadId: string,
    @Body() body: RunCreateDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.routes.createWait(principal, threadId, body, req, res);
  }

  @Get()
  @THREAD_PARAM
  @ApiOperation({
    operationId: 'lgListRuns',
    summary: 'The thread’s runs, newest first',
    description: 'SDK: client.runs.list. Offset-paged; status filters by the Platform status.',
  })
  @ApiRaw(200, 'Runs', RUN_SCHEMA, true)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async list(
    @Param('thread_id') threadId: string,
    @Query() query: RunListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const runs = await this.runs.list(principal.tenant, threadId, {
      limit: query.limit ?? 10,
      offset: query.offset ?? 0,
      status: query.status ? FROM_PLATFORM[query.status] : undefined,
    });
    return runs.map(presentRun).filter((r) => !query.status || r.status === query.status);
  }

  @Get(':run_id')
  @THREAD_PARAM
  @RUN_PARAM
  @ApiOperation({
    operationId: 'lgGetRun',
    summary: 'Get a run',
    description: 'SDK: client.runs.get. The run is also /api/v1/orchestration/runs/{run_id}.',
  })
  @ApiRaw(200, 'The run', RUN_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(
    @Param('thread_id') threadId: string,
    @Param('run_id') runId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentRun(await this.runs.get(principal.tenant, threadId, runId));
  }

  @Delete(':run_id')
  @HttpCode(204)
  @THREAD_PARAM
  @RUN_PARAM
  @ApiOperation({
    operationId: 'lgDeleteRun',
    summary: 'Delete a settled run (409 while queued or running)',
    description: 'SDK: client.runs.delete. Its checkpoints stay on the thread.',
  })
  @ApiRaw(204, 'Deleted')
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async delete(
    @Param('thread_id') threadId: string,
    @Param('run_id') runId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.runs.delete(principal.tenant, threadId, runId);
  }

  @Get(':run_id/join')
  @THREAD_PARAM
  @RUN_PARAM
  @ApiOperation({
    operationId: 'lgJoinRun',
    summary: 'Wait for a run to settle: the thread values',
    description: 'SDK: client.runs.join. Like wait, for a run created before.',
  })
  @ApiRaw(200, 'The thread values after the run', VALUES_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async join(
    @Param('thread_id') threadId: string,
    @Param('run_id') runId: string,
    @Query() query: JoinQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const run = await this.runs.get(principal.tenant, threadId, runId);
    const signal = disconnectSignal(req, res);
    if (truthy(query.cancel_on_disconnect))
      signal.addEventListener(
        'abort',
        () => void this.runs.cancel(principal.tenant, threadId, runId, 'interrupt').catch(() => undefined),
      );
    return this.runs.result(principal.tenant, await this.runs.settled(principal.tenant, run, signal));
  }

  @Get(':run_id/stream')
  @THREAD_PARAM
  @RUN_PARAM
  @ApiOperation({
    operationId: 'lgJoinRunStream',
    summary: 'Join a run’s stream (SSE): what it streamed so far (after Last-Event-ID), then live until it settles',
    description:
      'SDK: client.runs.joinStream. Every chunk is stored, so a late joiner gets the whole stream and Last-Event-ID resumes after any chunk.',
  })
  @ApiJoinRunSse()
  async joinStream(
    @Param('thread_id') threadId: string,
    @Param('run_id') runId: string,
    @Query() query: JoinStreamQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.routes.joinStream(principal, threadId, runId, query, req, res);
  }

  @Post(':run_id/cancel')
  @HttpCode(202)
  @THREAD_PARAM
  @RUN_PARAM
  @ApiOperation({
    operationId: 'lgCancelRun',
    summary: 'Cancel a run (interrupt, or rollback: also delete it and go back to the checkpoint before it)',
    description: '202 at once, 204 with wait=1 once it has stopped. A settled run is left as it is.',
  })
  @ApiRaw(202, 'Cancelling')
  @ApiRaw(204, 'Cancelled (wait=1)')
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async cancel(
    @Param('thread_id') threadId: string,
    @Param('run_id') runId: string,
    @Query() query: CancelQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.runs.cancel(principal.tenant, threadId, runId, query.action ?? 'interrupt');
    // The cancel above returns once the run has stopped, so wait=1 only changes the status.
    if (truthy(query.wait)) res.status(204);
  }
}
