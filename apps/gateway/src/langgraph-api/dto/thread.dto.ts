import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDefined,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { THREAD_STATUSES } from '@app/langgraph';
import { CheckpointRefDto, ID_MESSAGE, ID_PATTERN, RunCommandDto } from './run.dto';

export class StateUpdateDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { quantity: 50000 } })
  @IsOptional()
  @IsObject()
  values?: Record<string, unknown>;

  @ApiPropertyOptional({ type: RunCommandDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RunCommandDto)
  command?: RunCommandDto;

  @ApiPropertyOptional({ example: 'propose' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  as_node?: string;
}

export class SuperstepDto {
  @ApiProperty({ type: [StateUpdateDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StateUpdateDto)
  updates: StateUpdateDto[];
}

export class ThreadCreateDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { desk: 'fx', graph_id: 'desk-assistant' },
  })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Your id for it (UUID by default)',
    example: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  thread_id?: string;

  @ApiPropertyOptional({ enum: ['raise', 'do_nothing'], default: 'raise', example: 'do_nothing' })
  @IsOptional()
  @IsIn(['raise', 'do_nothing'])
  if_exists?: 'raise' | 'do_nothing';

  @ApiPropertyOptional({
    type: [SuperstepDto],
    description: 'State updates applied in order (needs metadata.graph_id)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SuperstepDto)
  supersteps?: SuperstepDto[];
}

export class ThreadUpdateDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { owner: 'desk-fx' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

const SORT = ['thread_id', 'status', 'created_at', 'updated_at'];

export class ThreadSearchDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { desk: 'fx' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], example: ['0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE })
  ids?: string[];

  @ApiPropertyOptional({ enum: THREAD_STATUSES, example: 'idle' })
  @IsOptional()
  @IsIn(THREAD_STATUSES)
  status?: (typeof THREAD_STATUSES)[number];

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

  @ApiPropertyOptional({ enum: SORT, example: 'updated_at' })
  @IsOptional()
  @IsIn(SORT)
  sort_by?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], example: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  sort_order?: 'asc' | 'desc';

  @ApiPropertyOptional({ description: 'Fields to return (all when left out)', type: [String], example: ['thread_id'] })
  @IsOptional()
  select?: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Not supported: 400 when given' })
  @IsOptional()
  values?: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Not supported: 400 when given' })
  @IsOptional()
  extract?: unknown;
}

export class ThreadCountDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { desk: 'fx' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: THREAD_STATUSES, example: 'idle' })
  @IsOptional()
  @IsIn(THREAD_STATUSES)
  status?: (typeof THREAD_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Not supported: 400 when given' })
  @IsOptional()
  values?: unknown;
}

export class UpdateStateDto {
  @ApiPropertyOptional({
    description: 'The update (an object, or a list of updates)',
    oneOf: [
      { type: 'object', additionalProperties: true },
      { type: 'array', items: { type: 'object' } },
    ],
    example: { quantity: 50000 },
  })
  @IsOptional()
  values?: unknown;

  @ApiPropertyOptional({ description: 'Apply as if this node wrote it', example: 'propose' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  as_node?: string;

  @ApiPropertyOptional({
    description: 'Update from this checkpoint (a fork)',
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
}

export class HistoryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 10, example: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({
    description: 'Checkpoints before this one (an id, or a config)',
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
    example: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f',
  })
  @IsOptional()
  before?: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { source: 'loop' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ type: CheckpointRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CheckpointRefDto)
  checkpoint?: CheckpointRefDto;

  @ApiPropertyOptional({ description: 'Fields to return (all when left out)' })
  @IsOptional()
  select?: unknown;
}

export class StateAtCheckpointDto {
  @ApiProperty({ type: CheckpointRefDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CheckpointRefDto)
  checkpoint: CheckpointRefDto;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  subgraphs?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  select?: unknown;
}

export class StateQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], example: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  subgraphs?: string;

  @ApiPropertyOptional({ description: 'Fields to return (all when left out)' })
  @IsOptional()
  select?: unknown;
}

export class ThreadGetQueryDto {
  @ApiPropertyOptional({ description: 'Extra fields (none beyond the thread are offered)' })
  @IsOptional()
  include?: unknown;
}
