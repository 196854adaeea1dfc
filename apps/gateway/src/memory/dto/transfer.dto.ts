import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  IMPORT_MODES,
  MAX_TAGS,
  MEMORY_TYPES,
  MESSAGE_ROLES,
  SESSION_STATUSES,
  TAG_PATTERN,
  type MemoryType,
  type ImportMode,
  type MessageRole,
  type SessionStatus,
} from '@app/letta';
import { IsMemoryContent, IsMemoryType } from './memory-properties';
import { BLOCK_LABEL_PATTERN } from './params.dto';
import { OptionalDate, OptionalEnum, OptionalText, RequiredNestedList } from '../../http/dto-properties';

export class ImportBlockDto {
  @ApiProperty({ example: 'persona' })
  @Matches(BLOCK_LABEL_PATTERN, { message: 'must be 1-64 characters of letters, digits, . _ -' })
  label: string;
  @ApiProperty({ example: 'You are a disciplined FX trader.' }) @IsString() @MaxLength(1_000_000) value: string;
  @ApiProperty({ example: 2000 }) @IsInt() @Min(1) limitChars: number;
  @OptionalText(500, { nullable: true }) description?: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) @Type(() => Date) @IsDate() createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) @Type(() => Date) @IsDate() updatedAt: Date;
}

export class ImportSessionDto {
  @ApiProperty({ example: '01JD3Z8X6Q4W3N5R7T9V1B2C3E', description: 'Id within the document; a new id is assigned' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  id: string;
  @OptionalText(200, { nullable: true }) title?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsObject() metadata?: Record<string, unknown>;
  @ApiProperty({ enum: SESSION_STATUSES })
  @IsIn(SESSION_STATUSES, { message: `must be one of ${SESSION_STATUSES.join(', ')}` })
  status: SessionStatus;
  @ApiProperty({ example: 4 }) @IsInt() @Min(0) messageCount: number;
  @OptionalText(100, { nullable: true }) summaryMemoryId?: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) @Type(() => Date) @IsDate() createdAt: Date;
  @OptionalDate({ nullable: true })
  endedAt?: Date | null;
}

export class ImportMemoryDto {
  @ApiProperty({ example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D', description: 'Id within the document; a new id is assigned' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  id: string;
  @ApiProperty({ enum: MEMORY_TYPES })
  @IsMemoryType()
  type: MemoryType;
  @ApiProperty({ example: 'The user prefers EUR/USD.' })
  @IsMemoryContent()
  content: string;
  @ApiPropertyOptional() @IsOptional() @IsObject() metadata?: Record<string, unknown>;
  @ApiProperty({ example: ['fx'] })
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1-64 characters of letters, digits, . _ : / -' })
  tags: string[];
  @ApiProperty({ minimum: 0, maximum: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  importance: number;
  @OptionalText(100, { type: String, nullable: true })
  sessionId?: string | null;
  @OptionalEnum(MESSAGE_ROLES, { nullable: true })
  role?: MessageRole | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) @IsOptional() @IsInt() @Min(0) position?: number | null;
  @OptionalDate({ nullable: true })
  expiresAt?: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) @Type(() => Date) @IsDate() createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) @Type(() => Date) @IsDate() updatedAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) @Type(() => Date) @IsDate() lastAccessedAt: Date;
  @ApiProperty({ example: 3 }) @IsInt() @Min(0) accessCount: number;
}

/** An export document, posted back as-is (format, version, agentId, exportedAt are accepted and ignored). */
export class ImportMemoryDocumentDto {
  @ApiPropertyOptional({
    enum: IMPORT_MODES,
    default: 'merge',
    description: "replace: remove the agent's blocks, sessions and memories first",
  })
  @IsOptional()
  @IsIn(IMPORT_MODES, { message: `must be one of ${IMPORT_MODES.join(', ')}` })
  mode?: ImportMode;

  @ApiPropertyOptional({ enum: [EXPORT_FORMAT] })
  @IsOptional()
  @IsIn([EXPORT_FORMAT], { message: `must be ${EXPORT_FORMAT}` })
  format?: string;
  @ApiPropertyOptional({ enum: [EXPORT_VERSION] })
  @IsOptional()
  @IsIn([EXPORT_VERSION], { message: `must be ${EXPORT_VERSION}` })
  version?: number;
  @OptionalText(128, { example: 'fx-trader-1' }) agentId?: string;
  @OptionalDate()
  exportedAt?: Date;

  @RequiredNestedList(ImportBlockDto, { maxItems: 1000 })
  blocks: ImportBlockDto[];
  @RequiredNestedList(ImportSessionDto, { maxItems: 100_000 })
  sessions: ImportSessionDto[];
  @RequiredNestedList(ImportMemoryDto, { maxItems: 1_000_000 })
  memories: ImportMemoryDto[];
}
