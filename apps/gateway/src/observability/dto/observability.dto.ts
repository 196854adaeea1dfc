import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IDENTIFIER_PATTERN } from '@app/infrastructure';
import {
  SCORE_DATA_TYPES,
  SUMMARY_GROUP_BY,
  TRACE_STATUSES,
  type ScoreDataType,
  type SummaryGroupBy,
  type TraceStatus,
} from '@app/langfuse';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { OptionalDate, OptionalEnum, OptionalText } from '../../http/dto-properties';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const PLAIN_ID = /^[A-Za-z0-9._:@/-]{1,200}$/;
const PLAIN_ID_MESSAGE = 'must be 1-200 characters of letters, digits and . _ : @ / -';
const WINDOW = /^([1-9]\d{0,6})(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** The longest window a summary covers: the default retention and then some. */
export const MAX_WINDOW_MS = 31 * UNIT_MS.d;

/** `?tenant=`: the system admin's choice of tenant; anyone else may name only its own (403 otherwise). */
const TenantFilter = () =>
  applyDecorators(
    ApiPropertyOptional({
      description:
        "System admin: only this tenant's data (default: every tenant's, and traces of no tenant). " +
        'Anyone else sees its own tenant only and may name only that one (another answers 403). E.g. `desk-fx`.',
      pattern: IDENTIFIER_PATTERN.source,
    }),
    IsOptional(),
    Matches(IDENTIFIER_PATTERN, { message: 'must be a tenant name: letters, digits and . _ @ -, at most 128' }),
  );

/** `?tenant=` alone, for the routes on one trace. */
export class TenantQueryDto {
  @TenantFilter() tenant?: string;
}

/** A page of a session, in one tenant. */
export class SessionQueryDto extends PageQueryDto {
  @TenantFilter() tenant?: string;
}

export class TraceParams {
  @ApiProperty({
    description: 'W3C trace id: 32 lowercase hex characters (the X-Trace-Id response header)',
    example: '4bf92f3577b34da6a3ce929d0e0e4736',
  })
  @Matches(TRACE_ID, { message: 'must be a trace id: 32 lowercase hex characters' })
  id: string;
}

export class SessionParams {
  @ApiProperty({
    description: 'Session id as sent in X-Session-Id (or `sessionId` in a body)',
    example: 'chat-2026-11-25-42',
  })
  @Matches(PLAIN_ID, { message: PLAIN_ID_MESSAGE })
  id: string;
}

export class TracesQueryDto extends PageQueryDto {
  @OptionalDate({ description: 'Traces that started at or after this time' })
  from?: Date;

  @OptionalDate({ description: 'Traces that started before this time' })
  to?: Date;

  @OptionalText(300, {
    description: 'Exact trace name (the root span: method and route template)',
    example: 'POST /api/v1/ai-orchestration/tasks',
  })
  name?: string;

  @OptionalEnum(TRACE_STATUSES, { description: '`error` when any span of the trace failed' })
  status?: TraceStatus;

  @ApiPropertyOptional({ example: 'chat-2026-11-25-42' })
  @IsOptional()
  @Matches(PLAIN_ID, { message: PLAIN_ID_MESSAGE })
  sessionId?: string;

  @ApiPropertyOptional({ description: 'Principal id (API key name or JWT subject)', example: 'ops-key' })
  @IsOptional()
  @Matches(PLAIN_ID, { message: PLAIN_ID_MESSAGE })
  userId?: string;

  @ApiPropertyOptional({
    description: 'Traces lasting at least this many milliseconds (first span start to last span end)',
    example: 250,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(31 * 86_400_000)
  minDurationMs?: number;

  @TenantFilter() tenant?: string;
}

export class CreateScoreDto {
  @ApiProperty({ description: 'Score name', example: 'user-feedback', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    description: 'NUMERIC: a number; BOOLEAN: true/false (or 1/0); CATEGORICAL: a string of 1-500 characters',
    oneOf: [{ type: 'number' }, { type: 'boolean' }, { type: 'string' }],
    example: 0.9,
  })
  @IsDefined()
  value: number | boolean | string;

  @ApiProperty({ enum: SCORE_DATA_TYPES, example: 'NUMERIC' })
  @IsIn([...SCORE_DATA_TYPES])
  dataType: ScoreDataType;

  @OptionalText(1000, { example: "Signal matched the desk's view", maxLength: 1000 })
  comment?: string;

  @ApiPropertyOptional({
    description: 'Score one observation (span id, 16 hex) of the trace instead of the whole trace',
    example: '00f067aa0ba902b7',
  })
  @IsOptional()
  @Matches(SPAN_ID, { message: 'must be a span id: 16 lowercase hex characters' })
  observationId?: string;
}

export class MetricsSummaryQueryDto {
  @ApiPropertyOptional({ description: 'How far back from now: <n>s|m|h|d, at most 31d', example: '1h', default: '1h' })
  @IsOptional()
  @Matches(WINDOW, { message: 'must be a duration like 15m, 1h or 7d' })
  window?: string;

  @ApiPropertyOptional({
    enum: SUMMARY_GROUP_BY,
    default: 'operation',
    description: 'operation = span name; model = gen_ai.request.model',
  })
  @IsOptional()
  @IsIn([...SUMMARY_GROUP_BY])
  groupBy?: SummaryGroupBy;

  @TenantFilter() tenant?: string;
}

/** `1h` → 3 600 000; the pattern was checked by validation. */
export function windowToMs(window: string): number {
  const m = WINDOW.exec(window);
  if (!m) return UNIT_MS.h;
  return Number(m[1]) * UNIT_MS[m[2]];
}
