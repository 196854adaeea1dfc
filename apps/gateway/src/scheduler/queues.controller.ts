import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@app/infrastructure';
import { QueueManager } from '@app/task-scheduler';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { QueueNameParam } from './schedule.dto';
import { QUEUE_SCHEMA } from './scheduler.schemas';

const BUDGET_EXAMPLE = {
  total: 8,
  interactiveReserved: 2,
  inUse: 5,
  interactiveInUse: 1,
  backgroundInUse: 4,
  waitingInteractive: 0,
  waitingBackground: 12,
  byQueue: { 'scheduler.runs': { running: 4, waiting: 12 }, 'handit.tasks': { running: 1, waiting: 0 } },
};

/** Every queue in the service (Handit's tasks, the scheduler's runs, …) and the shared budget. */
@ApiTags('scheduler')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@Controller('api/v1/scheduler/queues')
export class QueuesController {
  constructor(private readonly queues: QueueManager) {}

  @Get()
  @ApiOperation({ summary: 'List queues: depth per priority, running, rates; and the global concurrency budget' })
  @ApiEnvelope(200, 'Queues and budget', { type: 'object', properties: { queues: { type: 'array', items: QUEUE_SCHEMA }, budget: { type: 'object', example: BUDGET_EXAMPLE } } })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  list() {
    return this.queues.list();
  }

  @Get(':name')
  @ApiOperation({ summary: 'One queue’s figures' })
  @ApiEnvelope(200, 'The queue', QUEUE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  get(@Param() { name }: QueueNameParam) {
    return this.queues.get(name);
  }

  @Post(':name/pause')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: 'Pause a queue (admin)', description: 'It keeps accepting work but starts none; running items finish.' })
  @ApiEnvelope(200, 'The paused queue', QUEUE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  pause(@Param() { name }: QueueNameParam) {
    return this.queues.pause(name);
  }

  @Post(':name/resume')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: 'Resume a paused queue (admin)' })
  @ApiEnvelope(200, 'The running queue', QUEUE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  resume(@Param() { name }: QueueNameParam) {
    return this.queues.resume(name);
  }

  @Post(':name/drain')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: 'Drain a queue (admin)', description: 'Cancels every waiting item; running items finish.' })
  @ApiEnvelope(200, 'How many were removed', { type: 'object', properties: { removed: { type: 'integer', example: 7 }, queue: QUEUE_SCHEMA } })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  drain(@Param() { name }: QueueNameParam) {
    return this.queues.drain(name);
  }
}
