import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MULTITASK_STRATEGIES } from '@app/langgraph';
import { ID_MESSAGE, ID_PATTERN } from './run.dto';

const SCHEDULE = { description: 'A cron expression (5 fields, or 6 with seconds first)', example: '0 8 * * 1-5' };

/** A cron's run: what each firing creates (the run fields of POST /threads/{thread_id}/runs). */
class CronRunFieldsDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { desk: 'fx', symbol: 'EURUSD', quantity: 100000 },
  })
  @IsOptional()
  @IsObject()
  input?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { configurable: { desk_limit: 1000000 } },
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { desk: 'fx' } })
  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { purpose: 'morning book' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', enum: ['*'] },
      { type: 'array', items: { type: 'string' } },
    ],
    example: ['approve'],
  })
  @IsOptional()
  interrupt_before?: string[] | '*';

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', enum: ['*'] },
      { type: 'array', items: { type: 'string' } },
    ],
    example: ['book'],
  })
  @IsOptional()
  interrupt_after?: string[] | '*';

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['values'],
  })
  @IsOptional()
  stream_mode?: string | string[];

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  stream_subgraphs?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  stream_resumable?: boolean;

  @ApiPropertyOptional({
    description: 'Accepted for the SDK; delivery is done by the webhooks feature',
    example: 'https://hooks.example.com/runs',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  webhook?: string;

  @ApiPropertyOptional({ example: 'UTC' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601()
  end_time?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    enum: ['delete', 'keep'],
    description: 'Stateless crons: drop or keep each run’s thread',
    example: 'delete',
  })
  @IsOptional()
  @IsIn(['delete', 'keep'])
  on_run_completed?: 'delete' | 'keep';
}

export class CronCreateDto extends CronRunFieldsDto {
  @ApiProperty(SCHEDULE)
  @IsString()
  @Matches(/^\S+( \S+){4,5}$/, { message: 'must be a cron expression of 5 or 6 fields' })
  schedule: string;

  @ApiProperty({ example: 'desk-assistant' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  assistant_id: string;

  @ApiPropertyOptional({ enum: MULTITASK_STRATEGIES, default: 'enqueue', example: 'enqueue' })
  @IsOptional()
  @IsIn(MULTITASK_STRATEGIES)
  multitask_strategy?: (typeof MULTITASK_STRATEGIES)[number];

  @ApiPropertyOptional({
    enum: ['async', 'sync', 'exit'],
    description: 'Accepted for the SDK (checkpoints are always written)',
  })
  @IsOptional()
  @IsIn(['async', 'sync', 'exit'])
  durability?: string;

  @ApiPropertyOptional({ description: 'Accepted for the SDK (checkpoints are always written)' })
  @IsOptional()
  @IsBoolean()
  checkpoint_during?: boolean;
}

export class CronUpdateDto extends CronRunFieldsDto {
  @ApiPropertyOptional(SCHEDULE)
  @IsOptional()
  @IsString()
  @Matches(/^\S+( \S+){4,5}$/, { message: 'must be a cron expression of 5 or 6 fields' })
  schedule?: string;

  @ApiPropertyOptional({ enum: ['async', 'sync', 'exit'] })
  @IsOptional()
  @IsIn(['async', 'sync', 'exit'])
  durability?: string;
}

export class CronSearchDto {
  @ApiPropertyOptional({ example: 'desk-assistant' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  assistant_id?: string;

  @ApiPropertyOptional({ example: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  thread_id?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { purpose: 'morning book' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 10, example: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100000, default: 0, example: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  offset?: number;

  @ApiPropertyOptional({ enum: ['cron_id', 'assistant_id', 'thread_id', 'created_at', 'updated_at', 'next_run_date'] })
  @IsOptional()
  @IsIn(['cron_id', 'assistant_id', 'thread_id', 'created_at', 'updated_at', 'next_run_date'])
  sort_by?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  sort_order?: string;

  @ApiPropertyOptional({ description: 'Fields to return (all when left out)' })
  @IsOptional()
  select?: unknown;
}

export class CronCountDto {
  @ApiPropertyOptional({ example: 'desk-assistant' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  assistant_id?: string;

  @ApiPropertyOptional({ example: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  thread_id?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { purpose: 'morning book' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}
