import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MULTITASK_STRATEGIES, STREAM_MODES } from '@app/langgraph';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const ID_MESSAGE = 'must be 1-128 letters, digits and _.:- (starting with a letter or digit)';

/** `{ resume, update, goto }`: resume an interrupt with any value, update the state, go to nodes. */
export class RunCommandDto {
  @ApiPropertyOptional({
    description: 'The value interrupt() returns in the waiting node',
    example: { approved: true },
  })
  @IsOptional()
  resume?: unknown;

  @ApiPropertyOptional({
    description: 'A state update applied first',
    type: 'object',
    additionalProperties: true,
    example: { quantity: 50000 },
  })
  @IsOptional()
  @IsObject()
  update?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Node name(s), or { node, input } sends, to run next',
    oneOf: [{ type: 'string' }, { type: 'array', items: {} }, { type: 'object', additionalProperties: true }],
    example: 'book',
  })
  @IsOptional()
  goto?: unknown;
}

export class RunConfigDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { desk_limit: 1000000 } })
  @IsOptional()
  @IsObject()
  configurable?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], example: ['desk-fx'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, example: 50 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  recursion_limit?: number;
}

export class CheckpointRefDto {
  @ApiPropertyOptional({ example: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  checkpoint_id?: string;

  @ApiPropertyOptional({ example: '' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  checkpoint_ns?: string;

  @ApiPropertyOptional({ example: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  thread_id?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  checkpoint_map?: Record<string, unknown> | null;
}

const interruptNodes = {
  oneOf: [
    { type: 'string', enum: ['*'] },
    { type: 'array', items: { type: 'string' } },
  ],
  example: ['approve'],
};

/** A run's body, as @langchain/langgraph-sdk sends it (fields the service does not act on are refused). */
export class RunCreateDto {
  @ApiProperty({ description: 'An assistant id, or a graph id (its default assistant)', example: 'desk-assistant' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  assistant_id: string;

  @ApiPropertyOptional({
    description: 'The graph input (its state, or the workflow input of a template)',
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { desk: 'fx', symbol: 'EURUSD', quantity: 100000 },
  })
  @IsOptional()
  @IsObject()
  input?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: RunCommandDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RunCommandDto)
  command?: RunCommandDto | null;

  @ApiPropertyOptional({ type: RunConfigDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RunConfigDto)
  config?: RunConfigDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { desk: 'fx' } })
  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { source: 'desk-ui' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'One mode or several: ' + STREAM_MODES.join(', '),
    oneOf: [
      { type: 'string', enum: [...STREAM_MODES] },
      { type: 'array', items: { type: 'string', enum: [...STREAM_MODES] } },
    ],
    example: ['values', 'updates'],
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? [value] : value))
  @IsArray()
  @ArrayMaxSize(8)
  @IsIn(STREAM_MODES, { each: true })
  stream_mode?: string[];

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  stream_subgraphs?: boolean;

  @ApiPropertyOptional({ description: 'Chunks are always stored; Last-Event-ID resumes any run', example: true })
  @IsOptional()
  @IsBoolean()
  stream_resumable?: boolean;

  @ApiPropertyOptional(interruptNodes)
  @IsOptional()
  interrupt_before?: string[] | '*';

  @ApiPropertyOptional(interruptNodes)
  @IsOptional()
  interrupt_after?: string[] | '*';

  @ApiPropertyOptional({
    description: 'Fork: run from this checkpoint of the thread',
    example: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  checkpoint_id?: string;

  @ApiPropertyOptional({ type: CheckpointRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CheckpointRefDto)
  checkpoint?: CheckpointRefDto;

  @ApiPropertyOptional({ enum: MULTITASK_STRATEGIES, default: 'reject', example: 'enqueue' })
  @IsOptional()
  @IsIn(MULTITASK_STRATEGIES)
  multitask_strategy?: (typeof MULTITASK_STRATEGIES)[number];

  @ApiPropertyOptional({ enum: ['create', 'reject'], default: 'reject', example: 'create' })
  @IsOptional()
  @IsIn(['create', 'reject'])
  if_not_exists?: 'create' | 'reject';

  @ApiPropertyOptional({
    enum: ['delete', 'keep'],
    description: 'Stateless runs: drop or keep the thread',
    example: 'delete',
  })
  @IsOptional()
  @IsIn(['delete', 'keep'])
  on_completion?: 'delete' | 'keep';

  @ApiPropertyOptional({ enum: ['cancel', 'continue'], default: 'continue', example: 'continue' })
  @IsOptional()
  @IsIn(['cancel', 'continue'])
  on_disconnect?: 'cancel' | 'continue';

  @ApiPropertyOptional({
    description:
      'Where to POST the run, signed like every webhook (README, Webhooks), when it succeeds, fails, is cancelled or waits at an interrupt. Checked against the SSRF guard and WEBHOOK_ALLOWLIST.',
    example: 'https://hooks.example.com/runs',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  @MaxLength(2000)
  webhook?: string;
}

export class RunListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10, example: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100000, default: 0, example: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  offset?: number;

  @ApiPropertyOptional({
    enum: ['pending', 'running', 'error', 'success', 'timeout', 'interrupted'],
    example: 'success',
  })
  @IsOptional()
  @IsIn(['pending', 'running', 'error', 'success', 'timeout', 'interrupted'])
  status?: string;

  @ApiPropertyOptional({ description: 'Fields to return (all when left out)', example: 'run_id' })
  @IsOptional()
  select?: unknown;
}

export class CancelQueryDto {
  @ApiPropertyOptional({
    enum: ['0', '1', 'true', 'false'],
    example: '1',
    description: 'Wait until the run has stopped',
  })
  @IsOptional()
  @IsIn(['0', '1', 'true', 'false'])
  wait?: string;

  @ApiPropertyOptional({ enum: ['interrupt', 'rollback'], default: 'interrupt', example: 'interrupt' })
  @IsOptional()
  @IsIn(['interrupt', 'rollback'])
  action?: 'interrupt' | 'rollback';

  @ApiPropertyOptional({ description: 'Accepted for the SDK (recorded nowhere)', example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class JoinQueryDto {
  @ApiPropertyOptional({
    enum: ['0', '1', 'true', 'false'],
    example: '0',
    description: 'Cancel the run if this request goes away',
  })
  @IsOptional()
  @IsIn(['0', '1', 'true', 'false'])
  cancel_on_disconnect?: string;
}

export class JoinStreamQueryDto extends JoinQueryDto {
  @ApiPropertyOptional({
    description: 'Only these modes (all the run streams when left out)',
    oneOf: [
      { type: 'string', enum: [...STREAM_MODES] },
      { type: 'array', items: { type: 'string', enum: [...STREAM_MODES] } },
    ],
    example: 'values',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? [value] : value))
  @IsArray()
  @IsIn(STREAM_MODES, { each: true })
  stream_mode?: string[];
}
