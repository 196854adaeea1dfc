import { Body, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { CronService, type Cron } from '@app/langgraph';
import { ApiErrors } from '../http/openapi.decorators';
import { CronCountDto, CronCreateDto, CronSearchDto, CronUpdateDto } from './dto/cron.dto';
import { LanggraphCrons } from './langgraph-crons';
import { ApiRaw, LangGraphController, THREAD_PARAM } from './openapi';
import { CRON_COUNT_EXAMPLES, CRON_CREATE_EXAMPLES, CRON_SEARCH_EXAMPLES, CRON_UPDATE_EXAMPLES } from './examples';

const CRON_PARAM = ApiParam({
  name: 'cron_id',
  description: 'Cron id',
  example: '5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
});

export const CRON_SCHEMA = {
  type: 'object',
  required: [
    'cron_id',
    'assistant_id',
    'thread_id',
    'schedule',
    'timezone',
    'payload',
    'metadata',
    'enabled',
    'end_time',
    'next_run_date',
    'created_at',
    'updated_at',
  ],
  properties: {
    cron_id: { type: 'string', example: '5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f' },
    assistant_id: { type: 'string', example: 'desk-assistant' },
    thread_id: { type: 'string', nullable: true, example: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d' },
    schedule: { type: 'string', example: '0 8 * * 1-5' },
    timezone: { type: 'string', nullable: true, example: 'Europe/London' },
    payload: {
      type: 'object',
      additionalProperties: true,
      example: { input: { desk: 'fx', symbol: 'EURUSD', quantity: 100000 } },
    },
    metadata: { type: 'object', additionalProperties: true, example: { purpose: 'morning book' } },
    enabled: { type: 'boolean', example: true },
    end_time: { type: 'string', nullable: true, example: null },
    next_run_date: { type: 'string', nullable: true, example: '2026-12-07T08:00:00.000Z' },
    schedule_id: {
      type: 'string',
      nullable: true,
      example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
      description: 'Its schedule under /api/v1/scheduler/schedules',
    },
    created_at: { type: 'string', example: '2026-12-05T03:00:00.000Z' },
    updated_at: { type: 'string', example: '2026-12-05T03:00:00.000Z' },
  },
};

function presentCron(cron: Cron, nextRunAt: Date | null = null) {
  return {
    cron_id: cron.cronId,
    assistant_id: cron.assistantId,
    thread_id: cron.threadId,
    schedule: cron.schedule,
    timezone: cron.timezone,
    payload: cron.payload,
    metadata: cron.metadata,
    enabled: cron.enabled,
    end_time: cron.endTime?.toISOString() ?? null,
    next_run_date: nextRunAt?.toISOString() ?? null,
    schedule_id: cron.scheduleId,
    created_at: cron.createdAt.toISOString(),
    updated_at: cron.updatedAt.toISOString(),
  };
}

const WRITE_ERRORS = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
] as const;

/** Crons: a run on a schedule, on a thread or stateless, fired by the task scheduler. */
@LangGraphController('langgraph crons')
export class CronsController {
  constructor(
    private readonly composer: LanggraphCrons,
    private readonly crons: CronService,
  ) {}

  @Post('runs/crons')
  @HttpCode(200)
  @ApiBody({ type: CronCreateDto, examples: CRON_CREATE_EXAMPLES })
  @ApiOperation({
    operationId: 'lgCreateCron',
    summary: 'Create a stateless cron: a run on a schedule, each on a new thread',
    description: 'Backed by a task-scheduler schedule (schedule_id), so it fires once per slot across replicas.',
  })
  @ApiRaw(200, 'The cron', CRON_SCHEMA)
  @ApiErrors(...WRITE_ERRORS)
  async create(@Body() body: CronCreateDto, @CurrentPrincipal() principal: Principal) {
    const { cron, nextRunAt } = await this.composer.create(principal, null, body);
    return presentCron(cron, nextRunAt);
  }

  @Post('threads/:thread_id/runs/crons')
  @HttpCode(200)
  @THREAD_PARAM
  @ApiBody({ type: CronCreateDto, examples: CRON_CREATE_EXAMPLES })
  @ApiOperation({
    operationId: 'lgCreateThreadCron',
    summary: 'Create a cron on a thread: each firing runs on it (enqueued)',
    description:
      'SDK: client.crons.createForThread. Each firing creates a run on the thread (multitask_strategy enqueue by default), with metadata.cron_id.',
  })
  @ApiRaw(200, 'The cron', CRON_SCHEMA)
  @ApiErrors(...WRITE_ERRORS)
  async createForThread(
    @Param('thread_id') threadId: string,
    @Body() body: CronCreateDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { cron, nextRunAt } = await this.composer.create(principal, threadId, body);
    return presentCron(cron, nextRunAt);
  }

  @Patch('runs/crons/:cron_id')
  @CRON_PARAM
  @ApiBody({ type: CronUpdateDto, examples: CRON_UPDATE_EXAMPLES })
  @ApiOperation({
    operationId: 'lgUpdateCron',
    summary: 'Update a cron: its schedule, run fields or enabled',
    description:
      'SDK: client.crons.update. A new schedule or timezone changes its task-scheduler schedule; run fields apply to later firings.',
  })
  @ApiRaw(200, 'The cron', CRON_SCHEMA)
  @ApiErrors(...WRITE_ERRORS)
  async update(
    @Param('cron_id') cronId: string,
    @Body() body: CronUpdateDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { cron, nextRunAt } = await this.composer.update(principal, cronId, body);
    return presentCron(cron, nextRunAt);
  }

  @Delete('runs/crons/:cron_id')
  @HttpCode(204)
  @CRON_PARAM
  @ApiOperation({
    operationId: 'lgDeleteCron',
    summary: 'Delete a cron and its schedule',
    description: 'SDK: client.crons.delete. Its schedule goes with it; runs already created stay.',
  })
  @ApiRaw(204, 'Deleted')
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async delete(@Param('cron_id') cronId: string, @CurrentPrincipal() principal: Principal) {
    await this.composer.delete(principal, cronId);
  }

  @Post('runs/crons/search')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiBody({ type: CronSearchDto, examples: CRON_SEARCH_EXAMPLES })
  @ApiOperation({
    operationId: 'lgSearchCrons',
    summary: 'Search crons by assistant, thread, enabled or metadata',
    description: 'SDK: client.crons.search. Your tenant’s crons, newest first.',
  })
  @ApiRaw(200, 'Crons, newest first', CRON_SCHEMA, true)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async search(@Body() body: CronSearchDto, @CurrentPrincipal() principal: Principal) {
    const list = await this.crons.search(principal.tenant, {
      assistantId: body.assistant_id,
      threadId: body.thread_id,
      enabled: body.enabled,
      metadata: body.metadata,
      limit: body.limit ?? 10,
      offset: body.offset ?? 0,
    });
    return list.map((c) => presentCron(c));
  }

  @Post('runs/crons/count')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiBody({ type: CronCountDto, examples: CRON_COUNT_EXAMPLES })
  @ApiOperation({
    operationId: 'lgCountCrons',
    summary: 'Count crons by assistant, thread or metadata',
    description: 'SDK: client.crons.count.',
  })
  @ApiRaw(200, 'How many', { type: 'integer', example: 1 })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async count(@Body() body: CronCountDto, @CurrentPrincipal() principal: Principal) {
    const list = await this.crons.search(principal.tenant, {
      assistantId: body.assistant_id,
      threadId: body.thread_id,
      metadata: body.metadata,
      limit: 5_000,
      offset: 0,
    });
    return list.length;
  }
}
