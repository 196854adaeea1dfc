import { Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/infrastructure';
import { ModelComparisonService, TaskService } from '@app/handit';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { presentShadowRun, SHADOW_RUN_SCHEMA } from './model-governance.presenter';
import { TASKS_PATH } from './task.presenter';

/** GET /tasks/:id/shadow-runs: what shadow versions answered beside a task (never its result). */
@CallerController('tasks', TASKS_PATH.slice(1))
export class TaskShadowRunsController {
  constructor(
    private readonly tasks: TaskService,
    private readonly comparison: ModelComparisonService,
  ) {}

  @Get(':id/shadow-runs')
  @ApiOperation({
    operationId: 'listTaskShadowRuns',
    summary: 'The shadow versions’ runs on a task’s input, stored beside its result',
    description:
      'After the task’s champion version answered, each shadow version of its model ran on a copy of the input at ' +
      'a lower priority. Their results are stored here with whether they agree with the task’s result (same ' +
      'signal direction, numbers within tolerance); the task’s own result is never one of them. Empty while they ' +
      'wait or when the model has no shadow version. 404 for another tenant’s task.',
  })
  @ApiParam({ name: 'id', description: 'Task id (ULID)', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' })
  @ApiEnvelope(200, 'The shadow runs, oldest first', SHADOW_RUN_SCHEMA, { isArray: true })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async list(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    await this.tasks.get(principal.tenant, id, { withInput: false });
    return (await this.comparison.shadowRuns(principal.tenant, id)).map(presentShadowRun);
  }
}
