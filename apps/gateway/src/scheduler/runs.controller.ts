import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { JobRegistry, RunService } from '@app/task-scheduler';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { page } from '../http/page';
import { DeadLetterQueryDto, PurgeQueryDto, RunQueryDto } from './schedule.dto';
import { JOB_SCHEMA, RUN_SCHEMA } from './scheduler.schemas';

/** Run history and the dead-letter list of the caller's tenant, and the catalogue of schedulable jobs. */
@ApiTags('scheduler')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@Controller('api/v1/scheduler')
export class RunsController {
  constructor(
    private readonly runs: RunService,
    private readonly jobs: JobRegistry,
  ) {}

  @Get('jobs')
  @ApiOperation({ summary: 'List the jobs that can be scheduled, with their input schemas' })
  @ApiEnvelope(200, 'Registered jobs', JOB_SCHEMA, { isArray: true })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  listJobs() {
    return this.jobs.list();
  }

  @Get('runs')
  @ApiOperation({
    summary: 'List runs, newest first',
    description: 'Cursor-paginated; filter by schedule, status and job.',
  })
  @ApiEnvelope(200, 'One page of runs', page(RUN_SCHEMA))
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  list(@CurrentPrincipal() principal: Principal, @Query() query: RunQueryDto) {
    return this.runs.list(principal, query);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'Get a run: status, attempts, duration, errors, result' })
  @ApiEnvelope(200, 'The run', RUN_SCHEMA)
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.runs.get(principal, id);
  }

  @Get('dead-letter')
  @ApiOperation({
    summary: 'List dead letters: runs whose last attempt failed',
    description: 'Newest first, cursor-paginated.',
  })
  @ApiEnvelope(200, 'One page of dead runs', page(RUN_SCHEMA))
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  deadLetters(@CurrentPrincipal() principal: Principal, @Query() query: DeadLetterQueryDto) {
    return this.runs.deadLetters(principal, query);
  }

  @Post('dead-letter/:id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Retry a dead letter',
    description:
      'The run goes back to the queue with a fresh set of attempts. A run of a `system` job: system role only (403).',
  })
  @ApiEnvelope(202, 'The queued run', RUN_SCHEMA)
  @ApiErrors('NOT_FOUND', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  retry(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.runs.retry(principal, id);
  }

  @Delete('dead-letter')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Purge dead letters (admin)', description: 'All of them, or only those of `job`.' })
  @ApiEnvelope(200, 'How many were deleted', { type: 'object', example: { purged: 3 } })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  purge(@CurrentPrincipal() principal: Principal, @Query() query: PurgeQueryDto) {
    return this.runs.purge(principal, query);
  }
}
