import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_TAGS, MEMORY_TYPES, TAG_PATTERN, type MemoryType } from '@app/letta';
import { ULID_PATTERN } from './params.dto';
import { OptionalQueryInt, stacked } from '../../http/dto-properties';
import { IsMemoryType } from './memory-properties';

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** `?<factor>Weight=`: one ranking weight (0-100) for this request instead of the configured one. */
const RankingWeight = (options: ApiPropertyOptions) =>
  stacked(
    ApiPropertyOptional({ minimum: 0, maximum: 100, ...options }),
    IsOptional(),
    Type(() => Number),
    IsNumber({ allowNaN: false }),
    Min(0),
    Max(100),
  );

export class SearchQueryDto {
  @ApiProperty({ example: 'EUR/USD scalping', description: 'Words to match (full text; OR of the words, ranked)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  q: string;

  @ApiPropertyOptional({ enum: MEMORY_TYPES })
  @IsOptional()
  @IsMemoryType()
  type?: MemoryType;

  @ApiPropertyOptional({
    type: String,
    example: 'fx,preferences',
    description: 'Comma-separated; a hit carries every listed tag',
  })
  @IsOptional()
  @Transform(splitList)
  @ArrayMaxSize(MAX_TAGS)
  @Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1-64 characters of letters, digits, . _ : / -' })
  tags?: string[];

  @OptionalQueryInt({ minimum: 1, maximum: 100, default: 10 })
  limit?: number;

  @RankingWeight({ description: 'Overrides MEMORY_WEIGHT_RELEVANCE for this request', example: 0.5 })
  relevanceWeight?: number;
  @RankingWeight({ description: 'Overrides MEMORY_WEIGHT_RECENCY', example: 0.25 })
  recencyWeight?: number;
  @RankingWeight({ description: 'Overrides MEMORY_WEIGHT_IMPORTANCE', example: 0.25 })
  importanceWeight?: number;
  @RankingWeight({ description: 'Overrides MEMORY_WEIGHT_SIMILARITY (hybrid mode only)', example: 0.5 })
  similarityWeight?: number;
}

export class ContextQueryDto {
  @ApiPropertyOptional({
    example: 'EUR/USD risk limits',
    description: 'Search query for the archival part; without it only blocks and session messages are packed',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  q?: string;

  @ApiPropertyOptional({
    minimum: 1,
    example: 1500,
    description: 'Token budget (cl100k_base); default 2000, at most MEMORY_CONTEXT_MAX_TOKENS',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  budgetTokens?: number;

  @ApiPropertyOptional({
    example: '01JD3Z8X6Q4W3N5R7T9V1B2C3E',
    description: 'Session whose recent messages to include',
  })
  @IsOptional()
  @Matches(ULID_PATTERN, { message: 'must be a session id (26-character ULID)' })
  sessionId?: string;

  @OptionalQueryInt({ minimum: 0, maximum: 1000, default: 10 })
  recentMessages?: number;
  @OptionalQueryInt({ minimum: 0, maximum: 100, default: 10 })
  searchHits?: number;
}
