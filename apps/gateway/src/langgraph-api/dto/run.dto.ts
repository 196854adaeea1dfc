import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
} from 'class-validator';
import { MULTITASK_STRATEGIES, STREAM_MODES } from '@app/langgraph';
import {
  OptionalBoolean,
  OptionalEnum,
  OptionalInt,
  OptionalNested,
  OptionalObject,
  OptionalQueryInt,
  OptionalText,
} from '../../http/dto-properties';
import { ID_MESSAGE, ID_PATTERN, InterruptNodes, OptionalId, SelectFields } from './platform-properties';

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
  @OptionalObject({ example: { desk_limit: 1000000 } })
  configurable?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], example: ['desk-fx'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  tags?: string[];

  @OptionalInt({ minimum: 1, maximum: 1000, example: 50 })
  recursion_limit?: number;
}

export class CheckpointRefDto {
  @OptionalId({ example: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f' })
  checkpoint_id?: string;

  @OptionalText(500, { example: '' })
  checkpoint_ns?: string;

  @OptionalText(128, { example: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f' })
  thread_id?: string;

  @OptionalObject({ nullable: true })
  checkpoint_map?: Record<string, unknown> | null;
}

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

  @OptionalNested(RunCommandDto, { nullable: true })
  command?: RunCommandDto | null;

  @OptionalNested(RunConfigDto)
  config?: RunConfigDto;

  @OptionalObject({ example: { desk: 'fx' } })
  context?: Record<string, unknown>;

  @OptionalObject({ example: { source: 'desk-ui' } })
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

  @OptionalBoolean({ example: false })
  stream_subgraphs?: boolean;

  @OptionalBoolean({ description: 'Chunks are always stored; Last-Event-ID resumes any run', example: true })
  stream_resumable?: boolean;

  @InterruptNodes(['approve'])
  interrupt_before?: string[] | '*';

  @InterruptNodes(['approve'])
  interrupt_after?: string[] | '*';

  @OptionalId({
    description: 'Fork: run from this checkpoint of the thread',
    example: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f',
  })
  checkpoint_id?: string;

  @OptionalNested(CheckpointRefDto)
  checkpoint?: CheckpointRefDto;

  @OptionalEnum(MULTITASK_STRATEGIES, { default: 'reject', example: 'enqueue' })
  multitask_strategy?: (typeof MULTITASK_STRATEGIES)[number];

  @OptionalEnum(['create', 'reject'], { default: 'reject', example: 'create' })
  if_not_exists?: 'create' | 'reject';

  @OptionalEnum(['delete', 'keep'], { description: 'Stateless runs: drop or keep the thread', example: 'delete' })
  on_completion?: 'delete' | 'keep';

  @OptionalEnum(['cancel', 'continue'], { default: 'continue', example: 'continue' })
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
  @OptionalQueryInt({ minimum: 1, maximum: 100, default: 10, example: 10 })
  limit?: number;

  @OptionalQueryInt({ minimum: 0, maximum: 100000, default: 0, example: 0 })
  offset?: number;

  @OptionalEnum(['pending', 'running', 'error', 'success', 'timeout', 'interrupted'], { example: 'success' })
  status?: string;

  @SelectFields({ example: 'run_id' })
  select?: unknown;
}

export class CancelQueryDto {
  @OptionalEnum(['0', '1', 'true', 'false'], { example: '1', description: 'Wait until the run has stopped' })
  wait?: string;

  @OptionalEnum(['interrupt', 'rollback'], { default: 'interrupt', example: 'interrupt' })
  action?: 'interrupt' | 'rollback';

  @OptionalText(200, { description: 'Accepted for the SDK (recorded nowhere)', example: 'user' })
  reason?: string;
}

export class JoinQueryDto {
  @OptionalEnum(['0', '1', 'true', 'false'], { example: '0', description: 'Cancel the run if this request goes away' })
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
