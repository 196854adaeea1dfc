import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from './run.dto';

const GRAPH = /^[a-z][a-z0-9-]{1,62}$/;
const GRAPH_MESSAGE = 'must be a template or registered workflow name';

export class AssistantCreateDto {
  @ApiProperty({ description: 'A template or registered workflow name', example: 'desk-assistant' })
  @Matches(GRAPH, { message: GRAPH_MESSAGE })
  graph_id: string;

  @ApiPropertyOptional({ example: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  assistant_id?: string;

  @ApiPropertyOptional({ enum: ['raise', 'do_nothing'], default: 'raise', example: 'raise' })
  @IsOptional()
  @IsIn(['raise', 'do_nothing'])
  if_exists?: 'raise' | 'do_nothing';

  @ApiPropertyOptional({ example: 'FX desk assistant' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, example: 'Books FX trades after a human says yes', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

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

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { team: 'fx' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class AssistantUpdateDto {
  @ApiPropertyOptional({ example: 'desk-assistant' })
  @IsOptional()
  @Matches(GRAPH, { message: GRAPH_MESSAGE })
  graph_id?: string;

  @ApiPropertyOptional({ example: 'FX desk assistant v2' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, example: 'Smaller tickets', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { configurable: { desk_limit: 500000 } },
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { desk: 'fx' } })
  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { team: 'fx' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

class PageDto {
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
}

export class AssistantSearchDto extends PageDto {
  @ApiPropertyOptional({ example: 'desk-assistant' })
  @IsOptional()
  @Matches(GRAPH, { message: GRAPH_MESSAGE })
  graph_id?: string;

  @ApiPropertyOptional({ example: 'FX desk assistant' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { team: 'fx' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    enum: ['assistant_id', 'graph_id', 'name', 'created_at', 'updated_at'],
    example: 'created_at',
  })
  @IsOptional()
  @IsIn(['assistant_id', 'graph_id', 'name', 'created_at', 'updated_at'])
  sort_by?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], example: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  sort_order?: string;

  @ApiPropertyOptional({ description: 'Fields to return (all when left out)' })
  @IsOptional()
  select?: unknown;
}

export class AssistantCountDto {
  @ApiPropertyOptional({ example: 'desk-assistant' })
  @IsOptional()
  @Matches(GRAPH, { message: GRAPH_MESSAGE })
  graph_id?: string;

  @ApiPropertyOptional({ example: 'FX desk assistant' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { team: 'fx' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class AssistantVersionsDto extends PageDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { team: 'fx' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class SetLatestDto {
  @ApiProperty({ minimum: 1, example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;
}

export class DeleteAssistantQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], example: 'false', description: 'Not supported when true (400)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  delete_threads?: string;
}

export class GraphQueryDto {
  @ApiPropertyOptional({ description: 'Ignored: graphs have no subgraphs to expand', example: 'false' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  xray?: string;
}
