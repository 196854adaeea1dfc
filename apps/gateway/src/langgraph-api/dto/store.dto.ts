import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export const LABEL = /^[^.]{1,128}$/;
export const LABEL_MESSAGE = 'each label must be 1-128 characters without a period';

export class StorePutDto {
  @ApiProperty({ type: [String], example: ['portfolio', 'fx'] })
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(LABEL, { each: true, message: LABEL_MESSAGE })
  namespace: string[];

  @ApiProperty({ example: 'positions' })
  @IsString()
  @Matches(/^.{1,256}$/s, { message: 'must be 1-256 characters' })
  key: string;

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

export class StoreDeleteDto {
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

export class StoreGetQueryDto {
  @ApiProperty({ description: 'Labels joined with "."', example: 'portfolio.fx' })
  @Matches(/^[^.]{1,128}(\.[^.]{1,128}){0,9}$/, { message: 'must be 1-10 labels joined with "."' })
  namespace: string;

  @ApiProperty({ example: 'positions' })
  @Matches(/^.{1,256}$/s, { message: 'must be 1-256 characters' })
  key: string;

  @ApiPropertyOptional({ description: 'Ignored: items have no TTL', example: 'false' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  refresh_ttl?: string;
}

export class StoreSearchDto {
  @ApiPropertyOptional({ type: [String], example: ['portfolio'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(LABEL, { each: true, message: LABEL_MESSAGE })
  namespace_prefix?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { EURUSD: { $gt: 0 } } })
  @IsOptional()
  @IsObject()
  filter?: Record<string, unknown>;

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

  @ApiPropertyOptional({ description: 'Words the value should contain (ranked by how many)', example: 'EURUSD' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  query?: string;

  @ApiPropertyOptional({ description: 'Ignored: items have no TTL', type: Boolean, example: false })
  @IsOptional()
  refresh_ttl?: unknown;
}

export class NamespacesDto {
  @ApiPropertyOptional({ type: [String], example: ['portfolio'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^(\*|[^.]{1,128})$/, { each: true, message: LABEL_MESSAGE })
  prefix?: string[];

  @ApiPropertyOptional({ type: [String], example: ['fx'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^(\*|[^.]{1,128})$/, { each: true, message: LABEL_MESSAGE })
  suffix?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 10, example: 2 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  max_depth?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100, example: 100 })
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
