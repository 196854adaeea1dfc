import { Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/infrastructure';
import { TaskLineageService } from '@app/handit';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { LINEAGE_SCHEMA, presentLineage } from './data-quality.presenter';
import { TASKS_PATH } from './task.presenter';

/** GET /tasks/:id/lineage: what a task's result was computed from, for the task's tenant only. */
@CallerController('tasks', TASKS_PATH.slice(1))
export class TaskLineageController {
  constructor(private readonly lineage: TaskLineageService) {}

  @Get(':id/lineage')
  @ApiOperation({
    operationId: 'getTaskLineage',
    summary: 'A task’s lineage: the digest of exactly the data, model and parameters its result came from',
    description:
      'digest = SHA-256 over the digests of the canonical input data (as the engine got it, after the data checks’ ' +
      'repairs), the model id and version, and the engine parameters. The same data and parameters give the same ' +
      'digest whatever the JSON spelling; one changed candle changes it. 404 for another tenant’s task.',
  })
  @ApiParam({ name: 'id', description: 'Task id (ULID)', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' })
  @ApiEnvelope(200, 'The lineage', LINEAGE_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentLineage(await this.lineage.get(principal.tenant, id));
  }
}
