import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDefined, IsArray, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { THREAD_STATUSES } from '@app/langgraph';
import {
  OptionalEnum,
  OptionalNested,
  OptionalObject,
  OptionalText,
  RequiredNestedList,
} from '../../http/dto-properties';
import {
  ID_MESSAGE,
  ID_PATTERN,
  OptionalId,
  SearchLimit,
  SearchOffset,
  SelectFields,
  SortOrder,
} from './platform-properties';
import { CheckpointRefDto, RunCommandDto } from './run.dto';

export class StateUpdateDto {
  @OptionalObject({ example: { quantity: 50000 } })
  values?: Record<string, unknown>;

  @OptionalNested(RunCommandDto)
  command?: RunCommandDto;

  @OptionalText(200, { example: 'propose' })
  as_node?: string;
}

export class SuperstepDto {
  @RequiredNestedList(StateUpdateDto, { maxItems: 50 })
  updates: StateUpdateDto[];
}

export class ThreadCreateDto {
  @OptionalObject({ example: { desk: 'fx', graph_id: 'desk-assistant' } })
  metadata?: Record<string, unknown>;

  @OptionalId({ description: 'Your id for it (UUID by default)', example: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d' })
  thread_id?: string;

  @OptionalEnum(['raise', 'do_nothing'], { default: 'raise', example: 'do_nothing' })
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
  @OptionalObject({ example: { owner: 'desk-fx' } })
  metadata?: Record<string, unknown>;
}

const SORT = ['thread_id', 'status', 'created_at', 'updated_at'];

export class ThreadSearchDto {
  @OptionalObject({ example: { desk: 'fx' } })
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], example: ['0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE })
  ids?: string[];

  @OptionalEnum(THREAD_STATUSES, { example: 'idle' })
  status?: (typeof THREAD_STATUSES)[number];

  @SearchLimit()
  limit?: number;

  @SearchOffset()
  offset?: number;

  @OptionalEnum(SORT, { example: 'updated_at' })
  sort_by?: string;

  @SortOrder({ example: 'desc' })
  sort_order?: 'asc' | 'desc';

  @SelectFields({ type: [String], example: ['thread_id'] })
  select?: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Not supported: 400 when given' })
  @IsOptional()
  values?: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Not supported: 400 when given' })
  @IsOptional()
  extract?: unknown;
}

export class ThreadCountDto {
  @OptionalObject({ example: { desk: 'fx' } })
  metadata?: Record<string, unknown>;

  @OptionalEnum(THREAD_STATUSES, { example: 'idle' })
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

  @OptionalText(200, { description: 'Apply as if this node wrote it', example: 'propose' })
  as_node?: string;

  @OptionalId({ description: 'Update from this checkpoint (a fork)', example: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f' })
  checkpoint_id?: string;

  @OptionalNested(CheckpointRefDto)
  checkpoint?: CheckpointRefDto;
}

export class HistoryDto {
  @SearchLimit()
  limit?: number;

  @ApiPropertyOptional({
    description: 'Checkpoints before this one (an id, or a config)',
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
    example: '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f',
  })
  @IsOptional()
  before?: unknown;

  @OptionalObject({ example: { source: 'loop' } })
  metadata?: Record<string, unknown>;

  @OptionalNested(CheckpointRefDto)
  checkpoint?: CheckpointRefDto;

  @SelectFields()
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
  @OptionalEnum(['true', 'false'], { example: 'false' })
  subgraphs?: string;

  @SelectFields()
  select?: unknown;
}

export class ThreadGetQueryDto {
  @ApiPropertyOptional({ description: 'Extra fields (none beyond the thread are offered)' })
  @IsOptional()
  include?: unknown;
}
