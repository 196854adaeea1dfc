import { Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { BaseConfig } from '@app/infrastructure';
import { ModelRegistry } from '@app/handit';
import { HttpCache } from '../http/http-cache.decorator';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { CAPABILITIES_SCHEMA, MODEL_SCHEMA, presentCapabilities, presentModel } from './model.presenter';

type PresentedModel = ReturnType<typeof presentModel>;

/** What can change in the model list while the service runs: versions and statuses (an LLM going unavailable). */
const modelsValidator = (models: PresentedModel[]) => models.map((m) => `${m.id}@${m.version}:${m.status}`).join();

/** Capabilities follow which models serve what and their statuses, and the configured limits (a few numbers). */
function capabilitiesValidator(capabilities: ReturnType<typeof presentCapabilities>): string {
  const served = capabilities.taskTypes.map((t) => `${t.type}=${t.models.map((m) => `${m.id}:${m.status}`).join('+')}`);
  return `${served.join()}|${JSON.stringify(capabilities.limits)}`;
}

@CallerController('models', 'api/v1/ai-orchestration')
export class ModelsController {
  constructor(
    private readonly models: ModelRegistry,
    private readonly config: BaseConfig,
  ) {}

  @Get('models')
  @ApiOperation({
    operationId: 'listModels',
    summary: 'List the specialist models with their domain parameters and status',
    description: 'The models tasks are routed to, with the task types each serves and whether it is available.',
  })
  @HttpCache('models', modelsValidator)
  @ApiEnvelope(200, 'Every model', MODEL_SCHEMA, { isArray: true })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  list() {
    return this.models.list().map(presentModel);
  }

  @Get('models/:id')
  @ApiOperation({
    operationId: 'getModel',
    summary: 'Get one model',
    description: 'One model by id (e.g. `options-pricer`), as in the list.',
  })
  @ApiParam({ name: 'id', example: 'options-pricer' })
  @ApiEnvelope(200, 'The model', MODEL_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  get(@Param('id') id: string) {
    return presentModel(this.models.get(id).describe());
  }

  @Get('capabilities')
  @ApiOperation({
    operationId: 'getCapabilities',
    summary:
      'What the service can do: task types with input schemas and examples, asset classes, priorities, limits, ' +
      'and which models serve what',
    description: 'Start here: every task type with its input schema and a runnable example input.',
  })
  @HttpCache('capabilities', capabilitiesValidator)
  @ApiEnvelope(200, 'Capabilities', CAPABILITIES_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  capabilities() {
    return presentCapabilities(this.models.list(), this.config.values.aiComponents.handit, {
      bodyLimit: this.config.values.service.bodyLimit,
    });
  }
}
