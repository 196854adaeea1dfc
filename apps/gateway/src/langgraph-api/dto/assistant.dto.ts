import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { OptionalEnum, OptionalObject, OptionalText, stacked } from '../../http/dto-properties';
import { OptionalId, SearchLimit, SearchOffset, SelectFields, SortOrder } from './platform-properties';

const GRAPH = /^[a-z][a-z0-9-]{1,62}$/;
const GRAPH_MESSAGE = 'must be a template or registered workflow name';

/** An optional `graph_id`: a template or registered workflow name. */
const OptionalGraphId = (options: ApiPropertyOptions) =>
  stacked(ApiPropertyOptional(options), IsOptional(), Matches(GRAPH, { message: GRAPH_MESSAGE }));

export class AssistantCreateDto {
  @ApiProperty({ description: 'A template or registered workflow name', example: 'desk-assistant' })
  @Matches(GRAPH, { message: GRAPH_MESSAGE })
  graph_id: string;

  @OptionalId({ example: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d' })
  assistant_id?: string;

  @OptionalEnum(['raise', 'do_nothing'], { default: 'raise', example: 'raise' })
  if_exists?: 'raise' | 'do_nothing';

  @OptionalText(200, { example: 'FX desk assistant' })
  name?: string;

  @OptionalText(2000, { type: String, example: 'Books FX trades after a human says yes', nullable: true })
  description?: string | null;

  @OptionalObject({ example: { configurable: { desk_limit: 1000000 } } })
  config?: Record<string, unknown>;

  @OptionalObject({ example: { desk: 'fx' } })
  context?: Record<string, unknown>;

  @OptionalObject({ example: { team: 'fx' } })
  metadata?: Record<string, unknown>;
}

export class AssistantUpdateDto {
  @OptionalGraphId({ example: 'desk-assistant' })
  graph_id?: string;

  @OptionalText(200, { example: 'FX desk assistant v2' })
  name?: string;

  @OptionalText(2000, { type: String, example: 'Smaller tickets', nullable: true })
  description?: string | null;

  @OptionalObject({ example: { configurable: { desk_limit: 500000 } } })
  config?: Record<string, unknown>;

  @OptionalObject({ example: { desk: 'fx' } })
  context?: Record<string, unknown>;

  @OptionalObject({ example: { team: 'fx' } })
  metadata?: Record<string, unknown>;
}

class PageDto {
  @SearchLimit()
  limit?: number;

  @SearchOffset()
  offset?: number;
}

/** The filter that counting and searching assistants share. */
class AssistantFilterDto {
  @OptionalGraphId({ example: 'desk-assistant' })
  graph_id?: string;

  @OptionalText(200, { example: 'FX desk assistant' })
  name?: string;

  @OptionalObject({ example: { team: 'fx' } })
  metadata?: Record<string, unknown>;
}

export class AssistantSearchDto extends IntersectionType(PageDto, AssistantFilterDto) {
  @OptionalEnum(['assistant_id', 'graph_id', 'name', 'created_at', 'updated_at'], { example: 'created_at' })
  sort_by?: string;

  @SortOrder({ example: 'desc' })
  sort_order?: string;

  @SelectFields()
  select?: unknown;
}

export class AssistantCountDto extends AssistantFilterDto {}

export class AssistantVersionsDto extends PageDto {
  @OptionalObject({ example: { team: 'fx' } })
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
  @OptionalEnum(['true', 'false'], { example: 'false', description: 'Not supported when true (400)' })
  delete_threads?: string;
}

export class GraphQueryDto {
  @OptionalText(10, { description: 'Ignored: graphs have no subgraphs to expand', example: 'false' })
  xray?: string;
}
