import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AppError, CurrentPrincipal, RequireRole } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { ThreadService, type Thread } from '@app/langgraph';
import { ApiErrors } from '../http/openapi.decorators';
import {
  HistoryDto,
  StateAtCheckpointDto,
  StateQueryDto,
  ThreadCountDto,
  ThreadCreateDto,
  ThreadGetQueryDto,
  ThreadSearchDto,
  ThreadUpdateDto,
  UpdateStateDto,
} from './dto/thread.dto';
import { presentState, presentThread, STATE_SCHEMA, THREAD_SCHEMA } from './langgraph.presenter';
import { ApiRaw, LangGraphController, THREAD_PARAM } from './openapi';
import {
  HISTORY_EXAMPLES,
  THREAD_UPDATE_EXAMPLES,
  STATE_AT_EXAMPLES,
  THREAD_COUNT_EXAMPLES,
  THREAD_CREATE_EXAMPLES,
  THREAD_SEARCH_EXAMPLES,
  UPDATE_STATE_EXAMPLES,
} from './examples';

const NEW_CHECKPOINT = {
  thread_id: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d',
  checkpoint_ns: '',
  checkpoint_id: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f',
};
const READ_ERRORS = ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED'] as const;

/** LangGraph Platform threads: a conversation's state kept across runs, its history and edits. */
@LangGraphController('langgraph threads', '/threads')
export class ThreadsController {
  constructor(private readonly threads: ThreadService) {}

  @Post()
  @HttpCode(200)
  @ApiBody({ type: ThreadCreateDto, examples: THREAD_CREATE_EXAMPLES })
  @ApiOperation({
    operationId: 'lgCreateThread',
    summary: 'Create a thread',
    description:
      'With thread_id, your id (409 if taken, unless if_exists is do_nothing). metadata.graph_id names its graph before ' +
      'its first run; supersteps apply state updates in order.',
  })
  @ApiRaw(200, 'The thread', THREAD_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async create(@Body() body: ThreadCreateDto, @CurrentPrincipal() principal: Principal) {
    if (body.supersteps?.length && typeof body.metadata?.graph_id !== 'string')
      throw AppError.validation([{ field: 'metadata.graph_id', message: 'is required with supersteps' }]);
    const thread = await this.threads.create(principal.tenant, {
      threadId: body.thread_id,
      metadata: body.metadata,
      ifExists: body.if_exists,
    });
    for (const step of body.supersteps ?? [])
      for (const update of step.updates)
        await this.threads.updateState(principal.tenant, thread.threadId, {
          values: update.values ?? null,
          command: update.command as Record<string, unknown> | undefined,
          asNode: update.as_node,
        });
    return this.present(principal.tenant, await this.threads.get(principal.tenant, thread.threadId));
  }

  @Post('search')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiBody({ type: ThreadSearchDto, examples: THREAD_SEARCH_EXAMPLES })
  @ApiOperation({
    operationId: 'lgSearchThreads',
    summary: 'Search threads by metadata, status or ids',
    description: 'SDK: client.threads.search. Each thread with its current values.',
  })
  @ApiRaw(200, 'Matching threads, newest-updated first', THREAD_SCHEMA, true)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async search(@Body() body: ThreadSearchDto, @CurrentPrincipal() principal: Principal) {
    if (body.values !== undefined || body.extract !== undefined)
      throw AppError.validation([
        { field: body.values !== undefined ? 'values' : 'extract', message: 'is not supported; filter by metadata' },
      ]);
    const threads = await this.threads.search(
      principal.tenant,
      { metadata: body.metadata, status: body.status, ids: body.ids },
      { limit: body.limit ?? 10, offset: body.offset ?? 0, sortBy: body.sort_by, sortOrder: body.sort_order },
    );
    return Promise.all(threads.map((t) => this.present(principal.tenant, t)));
  }

  @Post('count')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiBody({ type: ThreadCountDto, examples: THREAD_COUNT_EXAMPLES })
  @ApiOperation({
    operationId: 'lgCountThreads',
    summary: 'Count threads by metadata or status',
    description: 'SDK: client.threads.count.',
  })
  @ApiRaw(200, 'How many', { type: 'integer', example: 3 })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async count(@Body() body: ThreadCountDto, @CurrentPrincipal() principal: Principal) {
    if (body.values !== undefined)
      throw AppError.validation([{ field: 'values', message: 'is not supported; filter by metadata' }]);
    return this.threads.count(principal.tenant, { metadata: body.metadata, status: body.status });
  }

  @Get(':thread_id')
  @THREAD_PARAM
  @ApiOperation({
    operationId: 'lgGetThread',
    summary: 'Get a thread with its current values and interrupts',
    description:
      'SDK: client.threads.get. status is idle, busy (a run queued or running), interrupted or error. Another tenant’s id is 404.',
  })
  @ApiRaw(200, 'The thread', THREAD_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async get(
    @Param('thread_id') threadId: string,
    @Query() _query: ThreadGetQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.present(principal.tenant, await this.threads.get(principal.tenant, threadId));
  }

  @Patch(':thread_id')
  @THREAD_PARAM
  @ApiBody({ type: ThreadUpdateDto, examples: THREAD_UPDATE_EXAMPLES })
  @ApiOperation({
    operationId: 'lgUpdateThread',
    summary: 'Merge metadata into a thread',
    description: 'SDK: client.threads.update.',
  })
  @ApiRaw(200, 'The thread', THREAD_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async update(
    @Param('thread_id') threadId: string,
    @Body() body: ThreadUpdateDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.present(principal.tenant, await this.threads.update(principal.tenant, threadId, body.metadata ?? {}));
  }

  @Delete(':thread_id')
  @HttpCode(204)
  @THREAD_PARAM
  @ApiOperation({
    operationId: 'lgDeleteThread',
    summary: 'Delete a thread, its runs and its checkpoints',
    description: '409 while a run is queued or running on it.',
  })
  @ApiRaw(204, 'Deleted')
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async delete(@Param('thread_id') threadId: string, @CurrentPrincipal() principal: Principal) {
    await this.threads.delete(principal.tenant, threadId);
  }

  @Post(':thread_id/copy')
  @HttpCode(200)
  @THREAD_PARAM
  @ApiOperation({
    operationId: 'lgCopyThread',
    summary: 'Copy a thread: a new id with the same metadata and checkpoints',
    description:
      'SDK: client.threads.copy. Every checkpoint is copied, so the copy continues exactly where the original is.',
  })
  @ApiRaw(200, 'The copy', THREAD_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async copy(@Param('thread_id') threadId: string, @CurrentPrincipal() principal: Principal) {
    return this.present(principal.tenant, await this.threads.copy(principal.tenant, threadId));
  }

  @Get(':thread_id/state')
  @THREAD_PARAM
  @ApiOperation({
    operationId: 'lgGetThreadState',
    summary: 'The thread state now (LangGraph getState)',
    description:
      'SDK: client.threads.getState. values, next nodes, tasks with their interrupts, the checkpoint and its parent.',
  })
  @ApiRaw(200, 'The state', STATE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async state(
    @Param('thread_id') threadId: string,
    @Query() query: StateQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentState(await this.threads.state(principal.tenant, threadId, undefined, query.subgraphs === 'true'));
  }

  @Post(':thread_id/state')
  @HttpCode(200)
  @THREAD_PARAM
  @ApiBody({ type: UpdateStateDto, examples: UPDATE_STATE_EXAMPLES })
  @ApiOperation({
    operationId: 'lgUpdateThreadState',
    summary: 'Update the thread state (LangGraph updateState), as a node when as_node is given',
    description:
      'Writes a new checkpoint (from checkpoint_id when given: a fork). 409 while a run is queued or running.',
  })
  @ApiRaw(200, 'The new checkpoint', {
    type: 'object',
    required: ['checkpoint', 'configurable'],
    properties: {
      checkpoint: { type: 'object', additionalProperties: true, example: NEW_CHECKPOINT },
      configurable: { type: 'object', additionalProperties: true, example: NEW_CHECKPOINT },
    },
  })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async updateState(
    @Param('thread_id') threadId: string,
    @Body() body: UpdateStateDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const checkpoint = await this.threads.updateState(principal.tenant, threadId, {
      values: body.values ?? null,
      asNode: body.as_node,
      checkpointId: body.checkpoint_id ?? body.checkpoint?.checkpoint_id,
    });
    // `checkpoint` as the API reference answers, `configurable` as the SDK's type reads it.
    return { checkpoint, configurable: checkpoint };
  }

  @Get(':thread_id/state/:checkpoint_id')
  @THREAD_PARAM
  @ApiParam({
    name: 'checkpoint_id',
    description: 'A checkpoint of the thread',
    example: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f',
  })
  @ApiOperation({
    operationId: 'lgGetThreadStateAt',
    summary: 'The thread state at a checkpoint',
    description: 'SDK: client.threads.getState(thread, checkpointId). 404 for a checkpoint the thread does not have.',
  })
  @ApiRaw(200, 'The state', STATE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async stateAt(
    @Param('thread_id') threadId: string,
    @Param('checkpoint_id') checkpointId: string,
    @Query() query: StateQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentState(await this.threads.state(principal.tenant, threadId, checkpointId, query.subgraphs === 'true'));
  }

  @Post(':thread_id/state/checkpoint')
  @HttpCode(200)
  @RequireRole('viewer')
  @THREAD_PARAM
  @ApiBody({ type: StateAtCheckpointDto, examples: STATE_AT_EXAMPLES })
  @ApiOperation({
    operationId: 'lgGetThreadStateAtCheckpoint',
    summary: 'The thread state at a checkpoint given as an object',
    description: 'SDK: client.threads.getState(thread, { checkpoint_id }).',
  })
  @ApiRaw(200, 'The state', STATE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async stateAtCheckpoint(
    @Param('thread_id') threadId: string,
    @Body() body: StateAtCheckpointDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (!body.checkpoint.checkpoint_id)
      throw AppError.validation([{ field: 'checkpoint.checkpoint_id', message: 'is required' }]);
    return presentState(
      await this.threads.state(principal.tenant, threadId, body.checkpoint.checkpoint_id, body.subgraphs === true),
    );
  }

  @Post(':thread_id/history')
  @HttpCode(200)
  @RequireRole('viewer')
  @THREAD_PARAM
  @ApiBody({ type: HistoryDto, examples: HISTORY_EXAMPLES })
  @ApiOperation({
    operationId: 'lgGetThreadHistory',
    summary: 'The thread’s checkpoints, newest first (LangGraph getStateHistory)',
    description:
      'SDK: client.threads.getHistory. before pages back; metadata filters checkpoints (e.g. { source: "update" }).',
  })
  @ApiRaw(200, 'States', STATE_SCHEMA, true)
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async history(
    @Param('thread_id') threadId: string,
    @Body() body: HistoryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const before =
      typeof body.before === 'string'
        ? body.before
        : ((body.before as { configurable?: { checkpoint_id?: unknown } } | undefined)?.configurable?.checkpoint_id as
            string | undefined);
    if (body.before !== undefined && typeof before !== 'string')
      throw AppError.validation([
        { field: 'before', message: 'must be a checkpoint id or a config with configurable.checkpoint_id' },
      ]);
    const states = await this.threads.history(principal.tenant, threadId, {
      limit: body.limit ?? 10,
      before,
      metadata: body.metadata,
      checkpointId: body.checkpoint?.checkpoint_id,
    });
    return states.map(presentState);
  }

  /** A thread as the SDK reads it: with its current state (values and interrupts). */
  private async present(tenant: string, thread: Thread) {
    return presentThread(thread, await this.threads.state(tenant, thread.threadId));
  }
}
