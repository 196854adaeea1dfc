import { Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { JobRegistry, RunService } from '@app/task-scheduler';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { DeadLetterQueryDto, PurgeQueryDto, RunQueryDto } from './dto/schedule.dto';
import { JOB_SCHEMA, presentJob } from './job.presenter';
import { presentPurge, presentRun, PURGE_SCHEMA, RUN_SCHEMA } from './run.presenter';

const RUN_ID = {
  name: 'id',
  description: 'Run id (from GET /runs or a trigger)',
  example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
};
const DEAD_LETTER_ID = {
  name: 'id',
  description: 'Id of a dead-lettered run (GET /dead-letter)',
  example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
};

/** Run history and the dead-letter list of the caller's tenant, and the catalogue of schedulable jobs. */
@CallerController('scheduler', 'api/v1/scheduler')
export class RunsController {
  constructor(
    private readonly runs: RunService,
    private readonly jobs: JobRegistry,
  ) {}

  @Get('jobs')
  @ApiOperation({
    operationId: 'listSchedulerJobs',
    summary: 'List the jobs that can be scheduled, with their input schemas',
    description: 'The jobs a schedule may name in `job`, each with the schema its `input` must match.',
  })
  @ApiEnvelope(200, 'Registered jobs', JOB_SCHEMA, { isArray: true })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  listJobs() {
    return this.jobs.list().map(presentJob);
  }

  @Get('runs')
  @ApiOperation({
    operationId: 'listSchedulerRuns',
    summary: 'List runs, newest first',
    description: 'Cursor-paginated; filter by schedule, status and job.',
  })
  @ApiCursorPage('One page of runs', RUN_SCHEMA)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: RunQueryDto) {
    return presentPage(await this.runs.list(principal, query), presentRun);
  }

  @Get('runs/:id')
  @ApiParam(RUN_ID)
  @ApiOperation({
    operationId: 'getSchedulerRun',
    summary: 'Get a run: status, attempts, duration, errors, result',
    description: 'One run of a scheduled job, by id (from GET /scheduler/runs or a schedule’s last runs).',
  })
  @ApiEnvelope(200, 'The run', RUN_SCHEMA)
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentRun(await this.runs.get(principal, id));
  }

  @Get('dead-letter')
  @ApiOperation({
    operationId: 'listSchedulerDeadLetters',
    summary: 'List dead letters: runs whose last attempt failed',
    description: 'Newest first, cursor-paginated.',
  })
  @ApiCursorPage('One page of dead runs', RUN_SCHEMA)
  async deadLetters(@CurrentPrincipal() principal: Principal, @Query() query: DeadLetterQueryDto) {
    return presentPage(await this.runs.deadLetters(principal, query), presentRun);
  }

  @Post('dead-letter/:id/retry')
  @HttpCode(202)
  @ApiParam(DEAD_LETTER_ID)
  @ApiOperation({
    operationId: 'retrySchedulerDeadLetter',
    summary: 'Retry a dead letter',
    description:
      'The run goes back to the queue with a fresh set of attempts. A run of a `system` job: system role only (403).',
  })
  @ApiEnvelope(202, 'The queued run', RUN_SCHEMA)
  @ApiErrors('NOT_FOUND', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async retry(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentRun(await this.runs.retry(principal, id));
  }

  @Delete('dead-letter')
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'purgeSchedulerDeadLetters',
    summary: 'Purge dead letters (admin)',
    description: 'All of them, or only those of `job`.',
  })
  @ApiEnvelope(200, 'How many were deleted', PURGE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async purge(@CurrentPrincipal() principal: Principal, @Query() query: PurgeQueryDto) {
    return presentPurge(await this.runs.purge(principal, query));
  }
}
