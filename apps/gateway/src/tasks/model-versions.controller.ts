import { Body, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { ModelGovernanceService, ModelRegistry } from '@app/handit';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { CreateModelDto, CreateModelVersionDto, UpdateModelVersionDto } from './dto/model-governance.dto';
import { CREATED_MODEL_SCHEMA, presentVersion, VERSION_SCHEMA } from './model-governance.presenter';

const MODEL_ID = { name: 'id', description: 'Model id', example: 'equities-technical' };
const VERSION = { name: 'version', description: 'Version name', example: 'v1' };
const STATUSES =
  'Statuses: active (routed to by rules, else the first active version is the champion), shadow (runs on a copy ' +
  'of every champion task after it answered; its result is stored beside it, never returned), deprecated (only ' +
  'tasks pinning it), retired (refuses new tasks; finished tasks keep the version that produced them).';

/**
 * Model versions side by side: list and read them, define models and versions (system admin:
 * they serve every tenant), change a version's status or fallback. Declared before ModelsController
 * so `models/{id}@{version}` is matched before `models/{id}`; createModel comes first so the document
 * lists POST /models before the operations on a model.
 */
@CallerController('models', 'api/v1/ai-orchestration')
export class ModelVersionsController {
  constructor(
    private readonly models: ModelRegistry,
    private readonly governance: ModelGovernanceService,
  ) {}

  @Post('models')
  @RequireRole('system')
  @ApiOperation({
    operationId: 'createModel',
    summary: 'Define a model: a built-in engine with parameters, or an external HTTP model (system admin)',
    description:
      'Its first version is active. An engine model validates its parameters against the engine’s parameter ' +
      'schema. An external model is called over HTTP (json: POST { type, input } answering the result; openai: a ' +
      'chat completion answering JSON) within timeoutMs, with a credential read from the environment variable ' +
      'secretRef names, behind its own circuit breaker; an answer that breaks the task type’s result schema fails ' +
      'the task with MODEL_RESPONSE_INVALID. Stored: it survives a restart and is listed in /models and ' +
      '/capabilities at once, on every replica within HANDIT_ROUTING_REFRESH_MS. Audited.',
  })
  @ApiBody({
    type: CreateModelDto,
    examples: {
      engine: {
        summary: 'A built-in engine with other parameters',
        value: {
          id: 'equities-signal-fast',
          name: 'Equities signal, faster RSI',
          description: 'RSI 10 with 25/75 bands on the equities engine',
          engine: 'equities-technical',
          taskTypes: ['trading_signal'],
          parameters: { trading_signal: { rsiPeriod: 10, rsiOversold: 25, rsiOverbought: 75 } },
        },
      },
      external: {
        summary: 'An external JSON model',
        value: {
          id: 'vendor-signal',
          name: 'Vendor signal model',
          taskTypes: ['trading_signal'],
          assetClasses: ['equities'],
          external: {
            protocol: 'json',
            url: 'https://models.example.com/signal',
            timeoutMs: 5000,
            secretRef: 'MODEL_SECRET_VENDOR',
          },
        },
      },
    },
  })
  @ApiEnvelope(201, 'The model’s first version, with the model’s id', CREATED_MODEL_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'RATE_LIMITED')
  async createModel(@CurrentPrincipal() principal: Principal, @Body() body: CreateModelDto) {
    const view = await this.governance.createModel(principal, {
      ...body,
      external: body.external && { ...body.external },
    });
    return { id: view.info.modelId, ...presentVersion(view) };
  }

  @Get('models/:id@:version')
  @ApiOperation({
    operationId: 'getModelVersion',
    summary: 'Get one version of a model (`equities-technical@v2`)',
    description: `The version’s engine and parameters (with the engine’s parameter schema) or external endpoint, its status and fallback. ${STATUSES}`,
  })
  @ApiParam(MODEL_ID)
  @ApiParam(VERSION)
  @ApiEnvelope(200, 'The version', VERSION_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  version(@Param('id') id: string, @Param('version') version: string) {
    return presentVersion(this.models.version(id, version));
  }

  @Get('models/:id/versions')
  @ApiOperation({
    operationId: 'listModelVersions',
    summary: 'List a model’s versions, side by side',
    description: `Every version in creation order; built-in models ship v1 with today’s parameters. ${STATUSES}`,
  })
  @ApiParam(MODEL_ID)
  @ApiEnvelope(200, 'The versions', VERSION_SCHEMA, { isArray: true })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  versions(@Param('id') id: string) {
    return this.models.versions(id).map(presentVersion);
  }

  @Post('models/:id/versions')
  @RequireRole('system')
  @ApiOperation({
    operationId: 'createModelVersion',
    summary: 'Add a version to a model (system admin)',
    description:
      'A built-in model’s versions run its own engine with other parameters (validated against the engine’s ' +
      'parameter schema) or call an external endpoint; a defined model’s may use any built-in engine. It serves ' +
      `nothing routed until a routing rule sends tasks to it (or it becomes the first active version). ${STATUSES} Audited.`,
  })
  @ApiParam(MODEL_ID)
  @ApiBody({
    type: CreateModelVersionDto,
    examples: {
      parameters: {
        summary: 'RSI 10 with 25/75 bands',
        value: {
          version: 'v2',
          parameters: { trading_signal: { rsiPeriod: 10, rsiOversold: 25, rsiOverbought: 75 } },
          status: 'active',
          fallbackVersion: 'v1',
        },
      },
    },
  })
  @ApiEnvelope(201, 'The version', VERSION_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async createVersion(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: CreateModelVersionDto,
  ) {
    const view = await this.governance.addVersion(principal, id, {
      ...body,
      external: body.external && { ...body.external },
    });
    return presentVersion(view);
  }

  @Patch('models/:id/versions/:version')
  @RequireRole('system')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'updateModelVersion',
    summary: 'Change a version’s status or fallback (system admin)',
    description:
      `${STATUSES} The model’s last active version cannot leave active (409). The fallback serves routed tasks ` +
      'while this version’s provider circuit is open. Takes effect without a restart; audited with the old and ' +
      'new values.',
  })
  @ApiParam(MODEL_ID)
  @ApiParam({ ...VERSION, example: 'v2' })
  @ApiBody({
    type: UpdateModelVersionDto,
    examples: { fallback: { value: { status: 'active', fallbackVersion: 'v1' } } },
  })
  @ApiEnvelope(200, 'The version', VERSION_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async updateVersion(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('version') version: string,
    @Body() body: UpdateModelVersionDto,
  ) {
    return presentVersion(await this.governance.updateVersion(principal, id, version, { ...body }));
  }
}
