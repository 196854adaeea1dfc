import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { EXTERNAL_PROTOCOLS, STICKY_KEYS, VERSION_STATUSES, type TaskType, type VersionStatus } from '@app/handit';
import { quant } from '@app/handit';
import { TASK_TYPES } from './create-task.dto';
import {
  OptionalEnum,
  OptionalNested,
  OptionalText,
  RequiredEnum,
  RequiredNestedList,
  RequiredText,
  stacked,
} from '../../http/dto-properties';

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const VERSION_MESSAGE = { message: 'must be 1-32 letters, digits, dots, dashes or underscores' };
const PARAMETERS_EXAMPLE = { trading_signal: { rsiPeriod: 10, rsiOversold: 25, rsiOverbought: 75 } };
const PARAMETERS = {
  description:
    'Engine parameters per task type, validated against the engine’s parameter schema (each version lists it). ' +
    'They fill the options a request leaves out: trading_signal takes rsiPeriod, rsiOversold, rsiOverbought, ' +
    'macdFast, macdSlow, macdSignal, bbandsPeriod, bbandsStddev, trendFast, trendSlow, atrPeriod, ' +
    'stopAtrMultiple, targetAtrMultiple, tickSize.',
  example: PARAMETERS_EXAMPLE,
  type: 'object',
  additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
} as const;

/** `parameters` of a model or version: engine parameters per task type. */
const OptionalParameters = () => stacked(ApiPropertyOptional(PARAMETERS), IsOptional(), IsObject());

/** A version name, such as `v2`. */
const IsVersionName = () => stacked(IsString(), Matches(VERSION, VERSION_MESSAGE));

/** An HTTP endpoint computing a task type's result; its credential is named, never sent. */
export class ExternalEndpointDto {
  @RequiredEnum(EXTERNAL_PROTOCOLS, {
    example: 'json',
    description: 'json: POST { type, input }, the body is the result; openai: a chat completion answering JSON',
  })
  protocol: (typeof EXTERNAL_PROTOCOLS)[number];

  @RequiredText(2000, {
    example: 'https://models.example.com/signal',
    description: 'json: the URL to POST; openai: the API base (…/v1)',
  })
  url: string;

  @OptionalText(200, { example: 'gpt-4o-mini', description: 'openai: the chat model to ask for' })
  model?: string;

  @ApiProperty({ example: 5000, minimum: 100, maximum: 120000 })
  @IsInt()
  @Min(100)
  @Max(120_000)
  timeoutMs: number;

  @OptionalText(100, {
    example: 'MODEL_SECRET_SIGNAL_API',
    description: 'Name of the environment variable holding the credential (must start with HANDIT_MODEL_SECRET_PREFIX)',
  })
  secretRef?: string;

  @OptionalText(64, {
    example: 'Authorization',
    description: 'Header carrying the credential; Authorization gets Bearer',
  })
  authHeader?: string;
}

/** A new version: a built-in engine with parameters, or an external endpoint. */
export class CreateModelVersionDto {
  @ApiProperty({ example: 'v2' })
  @IsVersionName()
  version: string;

  @OptionalText(64, {
    example: 'equities-technical',
    description: 'Built-in engine; defaults to the model’s own (a built-in model’s versions always run its engine)',
  })
  engine?: string;

  @OptionalParameters()
  parameters?: Record<string, Record<string, number>>;

  @OptionalNested(ExternalEndpointDto)
  external?: ExternalEndpointDto;

  @OptionalEnum(VERSION_STATUSES, {
    default: 'active',
    example: 'active',
    description: 'active: may be routed to; shadow: runs beside every champion task; deprecated: pinned tasks only',
  })
  status?: VersionStatus;

  @ApiPropertyOptional({
    example: 'v1',
    description: 'Serves routed tasks while this version’s provider circuit is open',
  })
  @IsOptional()
  @IsVersionName()
  fallbackVersion?: string;
}

/** A new model: from a built-in engine with parameters, or an external endpoint. Its first version is active. */
export class CreateModelDto {
  @RequiredText(64, { example: 'equities-signal-fast', description: '3-64 lower-case letters, digits and dashes' })
  id: string;

  @RequiredText(200, { example: 'Equities signal, faster RSI' })
  name: string;

  @OptionalText(2000, { example: 'RSI 10 with 25/75 bands on the equities engine' })
  description?: string;

  @ApiPropertyOptional({ example: 'v1', default: 'v1', description: 'Name of the first version' })
  @IsOptional()
  @IsVersionName()
  version?: string;

  @OptionalText(64, { example: 'equities-technical', description: 'Built-in engine (or give external)' })
  engine?: string;

  @OptionalParameters()
  parameters?: Record<string, Record<string, number>>;

  @OptionalNested(ExternalEndpointDto)
  external?: ExternalEndpointDto;

  @ApiPropertyOptional({
    enum: TASK_TYPES,
    isArray: true,
    example: ['trading_signal'],
    description: 'Task types served; defaults to the engine’s (required for an external model)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsIn(TASK_TYPES, { each: true })
  taskTypes?: TaskType[];

  @ApiPropertyOptional({ enum: quant.ASSET_CLASSES, isArray: true, example: ['equities'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsIn(quant.ASSET_CLASSES, { each: true })
  assetClasses?: (typeof quant.ASSET_CLASSES)[number][];
}

/** A version's new status and/or fallback; fields left out stay as they are. */
export class UpdateModelVersionDto {
  @OptionalEnum(VERSION_STATUSES, { example: 'active' })
  status?: VersionStatus;

  @ApiPropertyOptional({ type: String, example: 'v1', nullable: true, description: 'null removes the fallback' })
  @IsOptional()
  @IsVersionName()
  fallbackVersion?: string | null;
}

export class SplitEntryDto {
  @ApiProperty({ example: 'v1' })
  @IsVersionName()
  version: string;

  @ApiProperty({ example: 90, minimum: 0, maximum: 10000, description: 'Relative weight (90/10 = 90 % and 10 %)' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  weight: number;
}

export class StickyDto {
  @RequiredEnum(STICKY_KEYS, { example: 'symbol', description: 'What the stable hash is taken of' })
  by: (typeof STICKY_KEYS)[number];

  @OptionalText(64, { example: 'X-Desk', description: 'The header to hash, for by: header' })
  header?: string;
}

/** A model's routing rule, for every tenant (system admin) or one tenant (its admin). */
export class SetRoutingRuleDto {
  @OptionalText(64, {
    example: 'default',
    description: 'The tenant this rule routes; left out: every tenant without a rule of its own (system admin only)',
  })
  tenant?: string;

  @RequiredNestedList(
    SplitEntryDto,
    { minItems: 1, maxItems: 10 },
    {
      example: [
        { version: 'v1', weight: 90 },
        { version: 'v2', weight: 10 },
      ],
    },
  )
  split: SplitEntryDto[];

  @OptionalNested(StickyDto, { nullable: true, example: { by: 'symbol' } })
  sticky?: StickyDto | null;
}
