import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { BACKOFF_TYPES, MISSED_POLICIES, OVERLAP_POLICIES, PRIORITIES, RUN_STATUSES } from '@app/task-scheduler';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { MarketTriggerDto } from './market-trigger.dto';
import { OptionalBoolean, OptionalEnum, OptionalInt, OptionalNested, OptionalText } from '../../http/dto-properties';

const YEAR_MS = 366 * 24 * 3600 * 1000;

export class BackoffDto {
  @OptionalEnum(BACKOFF_TYPES, { example: 'exponential', default: 'exponential' })
  type?: (typeof BACKOFF_TYPES)[number];

  @ApiPropertyOptional({
    description: 'Delay before the 2nd attempt (ms); exponential doubles it per attempt',
    example: 1000,
    default: 1000,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 3600 * 1000)
  delayMs?: number;

  @ApiPropertyOptional({ description: 'Upper bound on one delay (ms)', example: 60000, default: 60000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 3600 * 1000)
  maxDelayMs?: number;
}

export class CreateScheduleDto {
  @OptionalText(200, { example: 'nightly memory retention' })
  name?: string;

  @ApiProperty({ description: 'A registered job (GET /api/v1/scheduler/jobs)', example: 'scheduler.heartbeat' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  job: string;

  @ApiPropertyOptional({
    description: "Input for the job; must satisfy the job's inputSchema (max 16 KB)",
    example: { note: 'hello' },
    default: {},
  })
  @IsOptional()
  @IsObject()
  input?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Cron expression (5 fields, or 6 with seconds first), read in `timezone`',
    example: '0 9 * * 1-5',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  cron?: string;

  @OptionalText(64, {
    description: 'IANA time zone of the cron expression',
    example: 'Europe/London',
    default: 'UTC',
  })
  timezone?: string;

  @ApiPropertyOptional({
    description: 'Fire every N ms (1 s to 1 year), anchored to the first fire time',
    example: 60000,
  })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(YEAR_MS)
  everyMs?: number;

  @ApiPropertyOptional({
    description: 'One-off fire time (future, ISO-8601); with everyMs, the first fire time',
    example: '2030-01-01T09:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @OptionalNested(MarketTriggerDto, {
    description: 'A market trigger instead of cron/everyMs/at: fires on the venue’s trading days only',
    example: { calendar: 'XNYS', at: 'open-30m' },
  })
  market?: MarketTriggerDto;

  @OptionalEnum(PRIORITIES, {
    example: 'normal',
    default: 'normal',
    description: 'Order among pending runs; scheduled work always counts as background in the global budget',
  })
  priority?: (typeof PRIORITIES)[number];

  @OptionalInt({ minimum: 1, maximum: 20, example: 3, default: 3 })
  maxAttempts?: number;

  @OptionalNested(BackoffDto)
  backoff?: BackoffDto;

  @ApiPropertyOptional({
    description: 'Per-attempt time bound (ms); default the job’s, then SCHEDULER_JOB_TIMEOUT_MS',
    example: 30000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 3600 * 1000)
  timeoutMs?: number;

  @OptionalEnum(OVERLAP_POLICIES, {
    default: 'skip',
    description: 'When the previous run is still queued or running: skip this firing, or queue it behind',
  })
  overlapPolicy?: (typeof OVERLAP_POLICIES)[number];

  @OptionalEnum(MISSED_POLICIES, {
    default: 'run-once',
    description: 'Firings missed while the service was down: skip them, or run once for the latest',
  })
  missedPolicy?: (typeof MISSED_POLICIES)[number];

  @OptionalBoolean({ example: true, default: true })
  enabled?: boolean;
}

export class UpdateScheduleDto extends PartialType(CreateScheduleDto) {}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ScheduleQueryDto extends PageQueryDto {
  @OptionalText(200, { example: 'scheduler.heartbeat' }) job?: string;
  @ApiPropertyOptional({ example: true }) @IsOptional() @Transform(toBoolean) @IsBoolean() enabled?: boolean;
}

export class RunQueryDto extends PageQueryDto {
  @OptionalText(40, { example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' })
  scheduleId?: string;
  @OptionalEnum(RUN_STATUSES) status?: (typeof RUN_STATUSES)[number];
  @OptionalText(200, { example: 'scheduler.heartbeat' }) job?: string;
}

export class DeadLetterQueryDto extends PageQueryDto {
  @OptionalText(200, { example: 'scheduler.heartbeat' }) job?: string;
}

export class PurgeQueryDto {
  @OptionalText(200, { description: 'Only dead letters of this job', example: 'scheduler.heartbeat' })
  job?: string;
}
