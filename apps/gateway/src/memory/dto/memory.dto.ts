import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, Matches } from 'class-validator';
import { MAX_TAGS, MEMORY_TYPES, TAG_PATTERN, type MemoryType } from '@app/letta';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { IsMemoryContent, IsMemoryType, OptionalTags, TAG_MESSAGE } from './memory-properties';
import { ULID_PATTERN } from './params.dto';
import { OptionalDate, OptionalNumber, RequiredNestedList } from '../../http/dto-properties';

export class CreateMemoryDto {
  @ApiProperty({
    enum: MEMORY_TYPES,
    example: 'semantic',
    description: 'semantic: facts; episodic: events and conversations; procedural: how-tos and rules',
  })
  @IsMemoryType()
  type: MemoryType;

  @ApiProperty({
    example: 'The user prefers EUR/USD scalping during the London session.',
    description: 'At most MEMORY_MAX_CONTENT_CHARS characters',
  })
  @IsMemoryContent()
  content: string;

  @ApiPropertyOptional({ example: { source: 'chat' }, description: 'Free-form JSON object, at most 8 KiB' })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @OptionalTags({ example: ['fx', 'preferences'], maxItems: MAX_TAGS })
  tags?: string[];

  @OptionalNumber({ minimum: 0, maximum: 1, default: 0.5, example: 0.8 })
  importance?: number;

  @ApiPropertyOptional({
    example: '01JD3Z8X6Q4W3N5R7T9V1B2C3E',
    description: 'Session of the same agent this memory belongs to',
  })
  @IsOptional()
  @Matches(ULID_PATTERN, { message: 'must be a session id (26-character ULID)' })
  sessionId?: string;

  @OptionalDate({
    example: '2027-01-01T00:00:00.000Z',
    description: 'Removed by the sweeper after this time; hidden from reads at once',
  })
  expiresAt?: Date;
}

export class BulkCreateMemoriesDto {
  @RequiredNestedList(
    CreateMemoryDto,
    { minItems: 1, maxItems: 100_000 },
    { description: 'At most MEMORY_BULK_MAX items; written in one transaction' },
  )
  memories: CreateMemoryDto[];
}

export class UpdateMemoryDto {
  @ApiPropertyOptional({ example: 'The user prefers EUR/USD and GBP/USD scalping.' })
  @IsOptional()
  @IsMemoryContent()
  content?: string;

  @OptionalTags({ example: ['fx'], description: 'Replaces the tags' })
  tags?: string[];

  @OptionalNumber({ minimum: 0, maximum: 1, example: 0.9 })
  importance?: number;

  @ApiPropertyOptional({ example: { source: 'review' }, description: 'Replaces the metadata' })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @OptionalDate({ nullable: true, description: 'null removes the expiry' })
  expiresAt?: Date | null;
}

export class ListMemoriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MEMORY_TYPES })
  @IsOptional()
  @IsMemoryType()
  type?: MemoryType;
  @ApiPropertyOptional({ example: 'fx' }) @IsOptional() @Matches(TAG_PATTERN, { message: TAG_MESSAGE }) tag?: string;
  @ApiPropertyOptional({ example: '01JD3Z8X6Q4W3N5R7T9V1B2C3E' })
  @IsOptional()
  @Matches(ULID_PATTERN, { message: 'must be a session id (26-character ULID)' })
  sessionId?: string;
  @OptionalDate({ description: 'Created at or after' })
  from?: Date;
  @OptionalDate({ description: 'Created before' })
  to?: Date;
}
