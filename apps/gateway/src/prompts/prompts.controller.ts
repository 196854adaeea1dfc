import { Body, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AppError, CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { PromptService, type PromptBody } from '@app/prompts';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { page, presentPage } from '../http/page';
import {
  CompilePromptDto,
  CreatePromptDto,
  PromptListQueryDto,
  PromptSelectorQueryDto,
  SetPromptLabelsDto,
} from './dto/prompt.dto';
import {
  COMPILED_SCHEMA,
  presentCompiled,
  presentPrompt,
  presentPromptSummary,
  PROMPT_SCHEMA,
  PROMPT_SUMMARY_SCHEMA,
} from './prompt.presenter';

const NAME = { name: 'name', description: 'Prompt name', example: 'market-analyst' };
const VERSION = { name: 'version', description: 'Version number', example: '1' };

/** A path's version number; anything else is a 400 naming `version`. */
function versionOf(raw: string): number {
  const n = Number(raw);
  if (!/^\d{1,9}$/.test(raw) || n < 1)
    throw AppError.validation([{ field: 'version', message: 'must be an integer of at least 1' }]);
  return n;
}

/**
 * Prompt management of the caller's tenant (another tenant's prompts are 404): versions, labels,
 * reads by label or version, compile. In Langfuse when its keys are configured, else in the
 * service's database. Reads and compile need viewer, writes operator.
 */
@CallerController('prompts', 'api/v1/prompts')
export class PromptsController {
  constructor(private readonly prompts: PromptService) {}

  @Post()
  @ApiOperation({
    operationId: 'createPromptVersion',
    summary: 'Create a prompt version (the first one creates the prompt)',
    description:
      'Each call adds the next version of `name`; `labels` are moved onto it, and `latest` always marks the newest. ' +
      'Variables are written `{{name}}`.',
  })
  @ApiBody({
    type: CreatePromptDto,
    examples: {
      chat: {
        value: {
          name: 'market-analyst',
          type: 'chat',
          prompt: [{ role: 'system', content: 'You are a {{style}} markets analyst for the {{desk}} desk.' }],
          labels: ['production'],
        },
      },
      text: { value: { name: 'risk-summary', type: 'text', prompt: 'Summarise the risk of {{symbol}} in one line.' } },
    },
  })
  @ApiEnvelope(201, 'The new version', PROMPT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'PROVIDER_UNAVAILABLE', 'RATE_LIMITED')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreatePromptDto) {
    const created = await this.prompts.create(principal.tenant, principal.id, {
      name: body.name,
      type: body.type,
      prompt: body.prompt as PromptBody,
      config: body.config,
      labels: body.labels,
      commitMessage: body.commitMessage,
    });
    return presentPrompt(created);
  }

  @Get()
  @ApiOperation({
    operationId: 'listPrompts',
    summary: "The tenant's prompts by name, with their labels",
    description: 'Cursor-paginated by name; each with its newest version and where each label points.',
  })
  @ApiCursorPage('One page of prompts', PROMPT_SUMMARY_SCHEMA)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PromptListQueryDto) {
    return presentPage(await this.prompts.list(principal.tenant, query), presentPromptSummary);
  }

  @Get(':name')
  @ApiParam(NAME)
  @ApiOperation({
    operationId: 'getPrompt',
    summary: 'A prompt version by label (default production) or by version',
    description:
      'Give `label` or `version`, not both. In Langfuse mode the prompt is fetched from Langfuse (cached ' +
      'LANGFUSE_PROMPT_CACHE_TTL_SECONDS); when it is unreachable the local copy answers with `source: fallback`.',
  })
  @ApiEnvelope(200, 'The version', PROMPT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'PROVIDER_UNAVAILABLE', 'RATE_LIMITED')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Query() query: PromptSelectorQueryDto,
  ) {
    return presentPrompt(await this.prompts.get(principal.tenant, name, query));
  }

  @Get(':name/versions')
  @ApiParam(NAME)
  @ApiOperation({
    operationId: 'listPromptVersions',
    summary: "A prompt's versions, newest first",
    description:
      'Cursor-paginated; each version with its labels (in Langfuse mode: the versions this service has seen).',
  })
  @ApiEnvelope(200, 'One page of versions', page(PROMPT_SCHEMA))
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async versions(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Query() query: PromptListQueryDto,
  ) {
    return presentPage(await this.prompts.versions(principal.tenant, name, query), (v) =>
      presentPrompt({ ...v, source: 'local' }),
    );
  }

  @Put(':name/versions/:version/labels')
  @ApiParam(NAME)
  @ApiParam(VERSION)
  @ApiOperation({
    operationId: 'setPromptLabels',
    summary: "Set a version's labels",
    description: "Replaces the version's labels; each is moved from the version that had it. `latest` is not settable.",
  })
  @ApiBody({ type: SetPromptLabelsDto, examples: { promote: { value: { labels: ['production'] } } } })
  @ApiEnvelope(200, 'The version with its labels', PROMPT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'PROVIDER_UNAVAILABLE', 'RATE_LIMITED')
  async setLabels(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: SetPromptLabelsDto,
  ) {
    return presentPrompt(await this.prompts.setLabels(principal.tenant, name, versionOf(version), body.labels));
  }

  @Post(':name/compile')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiParam(NAME)
  @ApiOperation({
    operationId: 'compilePrompt',
    summary: 'Compile a prompt version with variables',
    description: 'Every `{{variable}}` is filled in; a missing or unknown variable is a 400 naming `variables.<name>`.',
  })
  @ApiBody({
    type: CompilePromptDto,
    examples: { byLabel: { value: { label: 'production', variables: { style: 'concise', desk: 'G10 FX' } } } },
  })
  @ApiEnvelope(200, 'The compiled prompt', COMPILED_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'PROVIDER_UNAVAILABLE', 'RATE_LIMITED')
  async compile(@CurrentPrincipal() principal: Principal, @Param('name') name: string, @Body() body: CompilePromptDto) {
    const variables = body.variables ?? {};
    for (const [key, value] of Object.entries(variables))
      if (typeof value !== 'string')
        throw AppError.validation([{ field: `variables.${key}`, message: 'must be a string' }]);
    const selector = body.version !== undefined ? { version: body.version } : { label: body.label };
    if (body.version !== undefined && body.label !== undefined)
      throw AppError.validation([{ field: 'version', message: 'give either label or version, not both' }]);
    const { prompt, compiled } = await this.prompts.compile(principal.tenant, name, selector, variables);
    return presentCompiled(prompt, compiled);
  }
}
