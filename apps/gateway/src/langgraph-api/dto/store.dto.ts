import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { OptionalInt, OptionalObject, OptionalText, stacked } from '../../http/dto-properties';
import { SearchLimit, SearchOffset } from './platform-properties';

export const LABEL = /^[^.]{1,128}$/;
export const LABEL_MESSAGE = 'each label must be 1-128 characters without a period';
/** A label of a namespace prefix or suffix, where `*` stands for any label. */
const LABEL_OR_WILDCARD = /^(\*|[^.]{1,128})$/;

/** An optional list of up to 10 namespace labels, each matching `label`. */
const OptionalLabels = (label: RegExp, options: ApiPropertyOptions) =>
  stacked(
    ApiPropertyOptional({ type: [String], ...options }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(10),
    Matches(label, { each: true, message: LABEL_MESSAGE }),
  );

/** The namespace and key that name one item of the store. */
class StoreItemDto {
  @ApiProperty({ type: [String], example: ['portfolio', 'fx'] })
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(LABEL, { each: true, message: LABEL_MESSAGE })
  namespace: string[];

  @ApiProperty({ example: 'positions' })
  @IsString()
  @Matches(/^.{1,256}$/s, { message: 'must be 1-256 characters' })
  key: string;
}

export class StorePutDto extends StoreItemDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { EURUSD: 100000 } })
  @IsObject()
  value: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Not supported (no embedding index): 400 unless false or absent',
    type: Boolean,
    example: false,
  })
  @IsOptional()
  index?: unknown;

  @ApiPropertyOptional({ description: 'Not supported: 400 when given', example: null, nullable: true })
  @IsOptional()
  ttl?: unknown;
}

export class StoreDeleteDto extends StoreItemDto {}

export class StoreGetQueryDto {
  @ApiProperty({ description: 'Labels joined with "."', example: 'portfolio.fx' })
  @Matches(/^[^.]{1,128}(\.[^.]{1,128}){0,9}$/, { message: 'must be 1-10 labels joined with "."' })
  namespace: string;

  @ApiProperty({ example: 'positions' })
  @Matches(/^.{1,256}$/s, { message: 'must be 1-256 characters' })
  key: string;

  @OptionalText(10, { description: 'Ignored: items have no TTL', example: 'false' })
  refresh_ttl?: string;
}

export class StoreSearchDto {
  @OptionalLabels(LABEL, { example: ['portfolio'] })
  namespace_prefix?: string[];

  @OptionalObject({ example: { EURUSD: { $gt: 0 } } })
  filter?: Record<string, unknown>;

  @SearchLimit()
  limit?: number;

  @SearchOffset()
  offset?: number;

  @OptionalText(1000, { description: 'Words the value should contain (ranked by how many)', example: 'EURUSD' })
  query?: string;

  @ApiPropertyOptional({ description: 'Ignored: items have no TTL', type: Boolean, example: false })
  @IsOptional()
  refresh_ttl?: unknown;
}

export class NamespacesDto {
  @OptionalLabels(LABEL_OR_WILDCARD, { example: ['portfolio'] })
  prefix?: string[];

  @OptionalLabels(LABEL_OR_WILDCARD, { example: ['fx'] })
  suffix?: string[];

  @OptionalInt({ minimum: 1, maximum: 10, example: 2 })
  max_depth?: number;

  @SearchLimit(100)
  limit?: number;

  @SearchOffset()
  offset?: number;
}
