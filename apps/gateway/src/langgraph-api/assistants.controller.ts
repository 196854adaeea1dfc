import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { AppError, CurrentPrincipal, RequireRole } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { AssistantService } from '@app/langgraph';
import { ApiErrors } from '../http/openapi.decorators';
import {
  AssistantCountDto,
  AssistantCreateDto,
  AssistantSearchDto,
  AssistantUpdateDto,
  AssistantVersionsDto,
  DeleteAssistantQueryDto,
  GraphQueryDto,
  SetLatestDto,
} from './dto/assistant.dto';
import { ASSISTANT_SCHEMA, presentAssistant } from './langgraph.presenter';
import { ApiRaw, ASSISTANT_PARAM, LangGraphController } from './openapi';
import {
  ASSISTANT_COUNT_EXAMPLES,
  ASSISTANT_CREATE_EXAMPLES,
  ASSISTANT_SEARCH_EXAMPLES,
  ASSISTANT_UPDATE_EXAMPLES,
  SET_LATEST_EXAMPLES,
  VERSIONS_EXAMPLES,
} from './examples';

const READ_ERRORS = ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED'] as const;

/** Assistants: versioned configurations of a graph (a template or a registered workflow). */
@LangGraphController('langgraph assistants', '/assistants')
export class AssistantsController {
  constructor(private readonly assistants: AssistantService) {}

  @Post()
  @HttpCode(200)
  @ApiBody({ type: AssistantCreateDto, examples: ASSISTANT_CREATE_EXAMPLES })
  @ApiOperation({
    operationId: 'lgCreateAssistant',
    summary: 'Create an assistant: a configuration of a graph (version 1)',
    description:
      'graph_id is a template or registered workflow name (404 otherwise); a taken assistant_id is 409 unless if_exists is do_nothing.',
  })
  @ApiRaw(200, 'The assistant', ASSISTANT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async create(@Body() body: AssistantCreateDto, @CurrentPrincipal() principal: Principal) {
    return presentAssistant(
      await this.assistants.create(principal.tenant, {
        graphId: body.graph_id,
        assistantId: body.assistant_id,
        ifExists: body.if_exists,
        name: body.name,
        description: body.description,
        config: body.config,
        context: body.context,
        metadata: body.metadata,
      }),
    );
  }

  @Post('search')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiBody({ type: AssistantSearchDto, examples: ASSISTANT_SEARCH_EXAMPLES })
  @ApiOperation({
    operationId: 'lgSearchAssistants',
    summary: 'Search assistants (latest versions) by graph, name or metadata',
    description:
      'SDK: client.assistants.search. Latest versions of your tenant’s assistants; metadata matches when it contains every given key.',
  })
  @ApiRaw(200, 'Assistants, newest first', ASSISTANT_SCHEMA, true)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async search(@Body() body: AssistantSearchDto, @CurrentPrincipal() principal: Principal) {
    const list = await this.assistants.search(principal.tenant, {
      graphId: body.graph_id,
      name: body.name,
      metadata: body.metadata,
      limit: body.limit ?? 10,
      offset: body.offset ?? 0,
    });
    return list.map(presentAssistant);
  }

  @Post('count')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiBody({ type: AssistantCountDto, examples: ASSISTANT_COUNT_EXAMPLES })
  @ApiOperation({
    operationId: 'lgCountAssistants',
    summary: 'Count assistants by graph, name or metadata',
    description: 'SDK: client.assistants.count. Counts latest versions matching the filter.',
  })
  @ApiRaw(200, 'How many', { type: 'integer', example: 2 })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  count(@Body() body: AssistantCountDto, @CurrentPrincipal() principal: Principal) {
    return this.assistants.count(principal.tenant, {
      graphId: body.graph_id,
      name: body.name,
      metadata: body.metadata,
    });
  }

  @Get(':assistant_id')
  @ASSISTANT_PARAM
  @ApiOperation({
    operationId: 'lgGetAssistant',
    summary: 'Get an assistant (its latest version)',
    description:
      'SDK: client.assistants.get. A graph id works as its default assistant (version 1, no configuration). Another tenant’s id is 404.',
  })
  @ApiRaw(200, 'The assistant', ASSISTANT_SCHEMA)
  @ApiErrors(...READ_ERRORS)
  async get(@Param('assistant_id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentAssistant(await this.assistants.get(principal.tenant, id));
  }

  @Patch(':assistant_id')
  @ASSISTANT_PARAM
  @ApiBody({ type: AssistantUpdateDto, examples: ASSISTANT_UPDATE_EXAMPLES })
  @ApiOperation({
    operationId: 'lgUpdateAssistant',
    summary: 'Update an assistant: a new version, which becomes the latest',
    description:
      'SDK: client.assistants.update. Fields left out keep their value; metadata is merged. Runs created afterwards use the new version.',
  })
  @ApiRaw(200, 'The new version', ASSISTANT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async update(
    @Param('assistant_id') id: string,
    @Body() body: AssistantUpdateDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentAssistant(
      await this.assistants.update(principal.tenant, id, {
        graphId: body.graph_id,
        name: body.name,
        description: body.description,
        config: body.config,
        context: body.context,
        metadata: body.metadata,
      }),
    );
  }

  @Delete(':assistant_id')
  @HttpCode(204)
  @ASSISTANT_PARAM
  @ApiOperation({
    operationId: 'lgDeleteAssistant',
    summary: 'Delete an assistant and all its versions',
    description:
      'SDK: client.assistants.delete. Threads and runs that used it stay; delete_threads=true is refused (400).',
  })
  @ApiRaw(204, 'Deleted')
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async delete(
    @Param('assistant_id') id: string,
    @Query() query: DeleteAssistantQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (query.delete_threads === 'true')
      throw AppError.validation([
        { field: 'delete_threads', message: 'is not supported; delete the threads one by one' },
      ]);
    await this.assistants.delete(principal.tenant, id);
  }

  @Post(':assistant_id/versions')
  @HttpCode(200)
  @RequireRole('viewer')
  @ASSISTANT_PARAM
  @ApiBody({ type: AssistantVersionsDto, examples: VERSIONS_EXAMPLES })
  @ApiOperation({
    operationId: 'lgListAssistantVersions',
    summary: 'An assistant’s versions, newest first',
    description: 'SDK: client.assistants.getVersions. Every version with its configuration, newest first.',
  })
  @ApiRaw(200, 'Versions', ASSISTANT_SCHEMA, true)
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async versions(
    @Param('assistant_id') id: string,
    @Body() body: AssistantVersionsDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const list = await this.assistants.versions(principal.tenant, id, {
      metadata: body.metadata,
      limit: body.limit ?? 10,
      offset: body.offset ?? 0,
    });
    return list.map(presentAssistant);
  }

  @Post(':assistant_id/latest')
  @HttpCode(200)
  @ASSISTANT_PARAM
  @ApiBody({ type: SetLatestDto, examples: SET_LATEST_EXAMPLES })
  @ApiOperation({
    operationId: 'lgSetLatestAssistantVersion',
    summary: 'Make a version the latest (what runs use)',
    description: 'SDK: client.assistants.setLatest. 404 for a version that does not exist.',
  })
  @ApiRaw(200, 'That version', ASSISTANT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async setLatest(
    @Param('assistant_id') id: string,
    @Body() body: SetLatestDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentAssistant(await this.assistants.setLatest(principal.tenant, id, body.version));
  }

  @Get(':assistant_id/graph')
  @ASSISTANT_PARAM
  @ApiOperation({
    operationId: 'lgGetAssistantGraph',
    summary: 'The assistant’s graph: nodes and edges',
    description: 'SDK: client.assistants.getGraph. LangGraph’s drawable graph of the compiled template or definition.',
  })
  @ApiRaw(200, 'The drawable graph', {
    type: 'object',
    required: ['nodes', 'edges'],
    properties: {
      nodes: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
        example: [{ id: '__start__', type: 'schema', data: '__start__' }],
      },
      edges: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
        example: [{ source: '__start__', target: 'propose' }],
      },
    },
  })
  @ApiErrors('VALIDATION_FAILED', ...READ_ERRORS)
  async graph(
    @Param('assistant_id') id: string,
    @Query() _query: GraphQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.assistants.graph(principal.tenant, id);
  }

  @Get(':assistant_id/schemas')
  @ASSISTANT_PARAM
  @ApiOperation({
    operationId: 'lgGetAssistantSchemas',
    summary: 'The graph’s input and state schemas (JSON Schema)',
    description: 'SDK: client.assistants.getSchemas. The input schema the run input is validated against.',
  })
  @ApiRaw(200, 'Schemas', {
    type: 'object',
    required: ['graph_id', 'input_schema', 'output_schema', 'state_schema', 'config_schema', 'context_schema'],
    properties: {
      graph_id: { type: 'string', example: 'desk-assistant' },
      input_schema: {
        type: 'object',
        additionalProperties: true,
        nullable: true,
        example: { type: 'object', required: ['desk'] },
      },
      output_schema: { type: 'object', additionalProperties: true, nullable: true, example: null },
      state_schema: { type: 'object', additionalProperties: true, nullable: true, example: { type: 'object' } },
      config_schema: { type: 'object', additionalProperties: true, nullable: true, example: null },
      context_schema: { type: 'object', additionalProperties: true, nullable: true, example: null },
    },
  })
  @ApiErrors(...READ_ERRORS)
  schemas(@Param('assistant_id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.assistants.schemas(principal.tenant, id);
  }
}
