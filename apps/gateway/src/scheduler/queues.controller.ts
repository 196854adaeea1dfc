import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { QueueManager } from '@app/task-scheduler';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { QueueActionDto, QueueNameParam, QueueScopeQueryDto } from './dto/queue.dto';
import {
  presentDrain,
  presentQueue,
  presentQueueList,
  QUEUE_DRAIN_SCHEMA,
  QUEUE_LIST_SCHEMA,
  QUEUE_SCHEMA,
} from './queue.presenter';

const TENANT_SCOPE =
  "By default every route sees and acts on the caller's tenant's work only: a tenant pause holds that " +
  "tenant's items while other tenants' keep running in priority order. `scope: queue` covers every " +
  "tenant's work and needs the system role (403 FORBIDDEN for a tenant admin).";

/** Every queue in the service (Handit's tasks, the scheduler's runs, …), per tenant, and the shared budget. */
@CallerController('scheduler', 'api/v1/scheduler/queues')
export class QueuesController {
  constructor(private readonly queues: QueueManager) {}

  @Get()
  @ApiOperation({
    operationId: 'listQueues',
    summary: 'List queues: depth per priority, running, rates, pauses; with scope=queue, the global concurrency budget',
    description: TENANT_SCOPE,
  })
  @ApiEnvelope(200, 'The queues in scope', QUEUE_LIST_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async list(@CurrentPrincipal() principal: Principal, @Query() { scope }: QueueScopeQueryDto) {
    return presentQueueList(await this.queues.list(principal, scope ?? 'tenant'));
  }

  @Get(':name')
  @ApiOperation({ operationId: 'getQueue', summary: 'One queue’s figures in scope', description: TENANT_SCOPE })
  @ApiEnvelope(200, 'The queue', QUEUE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { name }: QueueNameParam,
    @Query() { scope }: QueueScopeQueryDto,
  ) {
    return presentQueue(await this.queues.get(principal, name, scope ?? 'tenant'));
  }

  @Post(':name/pause')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'pauseQueue',
    summary: 'Pause a queue for the caller’s tenant, or (system role, scope=queue) for everyone',
    description:
      'New items are accepted and wait; running items finish. The pause is stored: it survives a restart and ' +
      `holds on every replica. ${TENANT_SCOPE}`,
  })
  @ApiEnvelope(200, 'The queue, paused in scope', QUEUE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  @ApiBody({ type: QueueActionDto, required: false })
  async pause(@CurrentPrincipal() principal: Principal, @Param() p: QueueNameParam, @Body() body: QueueActionDto) {
    return presentQueue(await this.queues.pause(principal, p.name, body?.scope ?? 'tenant'));
  }

  @Post(':name/resume')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'resumeQueue',
    summary: 'Resume a paused queue for the caller’s tenant, or (system role, scope=queue) for everyone',
    description:
      "Lifts the pause of that scope only: a tenant's work held by a whole-queue pause still waits for the " +
      `system admin's resume. ${TENANT_SCOPE}`,
  })
  @ApiEnvelope(200, 'The queue, resumed in scope', QUEUE_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  @ApiBody({ type: QueueActionDto, required: false })
  async resume(@CurrentPrincipal() principal: Principal, @Param() p: QueueNameParam, @Body() body: QueueActionDto) {
    return presentQueue(await this.queues.resume(principal, p.name, body?.scope ?? 'tenant'));
  }

  @Post(':name/drain')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'drainQueue',
    summary: 'Drain a queue: cancel the caller’s tenant’s waiting items, or (system role, scope=queue) all',
    description: `Waiting items in scope are cancelled (tasks: error DRAINED); running items finish. ${TENANT_SCOPE}`,
  })
  @ApiEnvelope(200, 'How many were removed, and the queue after', QUEUE_DRAIN_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  @ApiBody({ type: QueueActionDto, required: false })
  async drain(@CurrentPrincipal() principal: Principal, @Param() p: QueueNameParam, @Body() body: QueueActionDto) {
    return presentDrain(await this.queues.drain(principal, p.name, body?.scope ?? 'tenant'));
  }
}
