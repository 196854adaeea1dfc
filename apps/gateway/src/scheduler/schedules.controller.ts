import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@app/infrastructure';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { ScheduleService } from '@app/task-scheduler';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { CreateScheduleDto, ScheduleQueryDto, UpdateScheduleDto } from './dto/schedule.dto';
import { SCHEDULE_EXAMPLES, UPDATE_SCHEDULE_EXAMPLES } from './dto/schedule-examples';
import { presentRun, RUN_SCHEMA } from './run.presenter';
import {
  presentSchedule,
  presentScheduleDeletion,
  presentScheduleView,
  SCHEDULE_DELETION_SCHEMA,
  SCHEDULE_SCHEMA,
  SCHEDULE_VIEW_SCHEMA,
} from './schedule.presenter';

/** A schedule's id, from POST /schedules or the list. */
const SCHEDULE_ID = {
  name: 'id',
  description: 'Schedule id (from POST /schedules or the list)',
  example: '01JD3Z7R2M0P9K8J7H6G5F4E3D',
};

const SYSTEM_JOBS =
  ' A `system` job (GET /jobs) works on every tenant’s data: for its schedules this needs the system role (403).';

/**
 * Cron, interval, one-off and market-trigger schedules of registered jobs, owned by the caller's tenant (another
 * tenant's answer 404). Reads need viewer, changes operator; schedules of `system` jobs are the
 * system admin's to create, change, trigger and delete.
 */
@CallerController('scheduler', 'api/v1/scheduler/schedules')
export class SchedulesController {
  constructor(private readonly schedules: ScheduleService) {}

  @Post()
  @ApiOperation({
    operationId: 'createSchedule',
    summary: 'Create a schedule',
    description:
      'Exactly one of `cron` (+ `timezone`), `everyMs` (+ optional first fire `at`), `at` (one-off, future) or ' +
      '`market`: a market trigger, `{ "calendar": "XNYS", "at": "open-30m" }` (open or close ± an offset, ' +
      'following early closes) or `{ "calendar": "XNYS", "every": "5m", "during": "session" }` (only while the ' +
      'venue trades). Market triggers fire on trading days only; missed-firing and overlap policies apply as for ' +
      'cron. ' +
      'The input is validated against the job’s inputSchema.' +
      SYSTEM_JOBS,
  })
  @ApiBody({ type: CreateScheduleDto, examples: SCHEDULE_EXAMPLES })
  @ApiEnvelope(201, 'The schedule, with its next fire times', SCHEDULE_VIEW_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'RATE_LIMITED')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateScheduleDto) {
    return presentScheduleView(await this.schedules.create(principal, body));
  }

  @Get()
  @ApiOperation({
    operationId: 'listSchedules',
    summary: 'List schedules, newest first',
    description: 'Cursor-paginated; filter by job and enabled.',
  })
  @ApiCursorPage('One page of schedules', SCHEDULE_SCHEMA)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ScheduleQueryDto) {
    return presentPage(await this.schedules.list(principal, query), presentSchedule);
  }

  @Get(':id')
  @ApiParam(SCHEDULE_ID)
  @ApiOperation({
    operationId: 'getSchedule',
    summary: 'Get a schedule with its next five fire times and last five runs',
    description:
      'A schedule of your tenant; its next fire times follow its cron, interval or one-off time and its calendar.',
  })
  @ApiEnvelope(200, 'The schedule', SCHEDULE_VIEW_SCHEMA)
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentScheduleView(await this.schedules.get(principal, id));
  }

  @Patch(':id')
  @ApiBody({ type: UpdateScheduleDto, examples: UPDATE_SCHEDULE_EXAMPLES })
  @ApiParam(SCHEDULE_ID)
  @ApiOperation({
    operationId: 'updateSchedule',
    summary: 'Change a schedule',
    description:
      'Any field of the create body. Giving any timing field replaces the timing; the next fire time is recomputed ' +
      'from now.' +
      SYSTEM_JOBS,
  })
  @ApiEnvelope(200, 'The changed schedule', SCHEDULE_VIEW_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: UpdateScheduleDto) {
    return presentScheduleView(await this.schedules.update(principal, id, body));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiParam(SCHEDULE_ID)
  @ApiOperation({
    operationId: 'pauseSchedule',
    summary: 'Pause a schedule',
    description: 'It stops firing; firings that fall in the pause are not made up on resume.' + SYSTEM_JOBS,
  })
  @ApiEnvelope(200, 'The paused schedule', SCHEDULE_VIEW_SCHEMA)
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async pause(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentScheduleView(await this.schedules.pause(principal, id));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiParam(SCHEDULE_ID)
  @ApiOperation({
    operationId: 'resumeSchedule',
    summary: 'Resume a paused schedule from its next fire time after now',
    description: SYSTEM_JOBS,
  })
  @ApiEnvelope(200, 'The resumed schedule', SCHEDULE_VIEW_SCHEMA)
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async resume(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentScheduleView(await this.schedules.resume(principal, id));
  }

  @Post(':id/trigger')
  @HttpCode(202)
  @ApiParam(SCHEDULE_ID)
  @ApiOperation({
    operationId: 'triggerSchedule',
    summary: 'Run a schedule’s job now',
    description: 'Queues a run (behind a running one of the same schedule); Location names the run.' + SYSTEM_JOBS,
  })
  @ApiEnvelope(202, 'The queued run', RUN_SCHEMA)
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'QUEUE_FULL', 'RATE_LIMITED')
  async trigger(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const run = await this.schedules.trigger(principal, id);
    res.setHeader('Location', `/api/v1/scheduler/runs/${run.id}`);
    return presentRun(run);
  }

  @Delete(':id')
  @ApiParam(SCHEDULE_ID)
  @ApiOperation({
    operationId: 'deleteSchedule',
    summary: 'Delete a schedule',
    description: 'Its pending runs are cancelled; run history is kept.' + SYSTEM_JOBS,
  })
  @ApiEnvelope(200, 'Deleted', SCHEDULE_DELETION_SCHEMA)
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentScheduleDeletion(await this.schedules.remove(principal, id));
  }
}
