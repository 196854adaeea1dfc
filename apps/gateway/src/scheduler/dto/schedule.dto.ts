import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { BACKOFF_TYPES, MISSED_POLICIES, OVERLAP_POLICIES, PRIORITIES, RUN_STATUSES } from '@app/task-scheduler';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { MarketTriggerDto } from './market-trigger.dto';

const YEAR_MS = 366 * 24 * 3600 * 1000;

export class BackoffDto {
  @ApiPropertyOptional({ enum: BACKOFF_TYPES, example: 'exponential', default: 'exponential' })
  @IsOptional()
  @IsIn(BACKOFF_TYPES)
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
  @ApiPropertyOptional({ example: 'nightly memory retention' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
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

  @ApiPropertyOptional({
    description: 'IANA time zone of the cron expression',
    example: 'Europe/London',
    default: 'UTC',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
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

  @ApiPropertyOptional({
    type: MarketTriggerDto,
    description: 'A market trigger instead of cron/everyMs/at: fires on the venue’s trading days only',
    example: { calendar: 'XNYS', at: 'open-30m' },
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => MarketTriggerDto)
  market?: MarketTriggerDto;

  @ApiPropertyOptional({
    enum: PRIORITIES,
    example: 'normal',
    default: 'normal',
    description: 'Order among pending runs; scheduled work always counts as background in the global budget',
  })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: (typeof PRIORITIES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 20, example: 3, default: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  maxAttempts?: number;

  @ApiPropertyOptional({ type: BackoffDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BackoffDto)
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

  @ApiPropertyOptional({
    enum: OVERLAP_POLICIES,
    default: 'skip',
    description: 'When the previous run is still queued or running: skip this firing, or queue it behind',
  })
  @IsOptional()
  @IsIn(OVERLAP_POLICIES)
  overlapPolicy?: (typeof OVERLAP_POLICIES)[number];

  @ApiPropertyOptional({
    enum: MISSED_POLICIES,
    default: 'run-once',
    description: 'Firings missed while the service was down: skip them, or run once for the latest',
  })
  @IsOptional()
  @IsIn(MISSED_POLICIES)
  missedPolicy?: (typeof MISSED_POLICIES)[number];

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateScheduleDto extends PartialType(CreateScheduleDto) {}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ScheduleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'scheduler.heartbeat' }) @IsOptional() @IsString() @MaxLength(200) job?: string;
  @ApiPropertyOptional({ example: true }) @IsOptional() @Transform(toBoolean) @IsBoolean() enabled?: boolean;
}

export class RunQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  scheduleId?: string;
  @ApiPropertyOptional({ enum: RUN_STATUSES }) @IsOptional() @IsIn(RUN_STATUSES) status?: (typeof RUN_STATUSES)[number];
  @ApiPropertyOptional({ example: 'scheduler.heartbeat' }) @IsOptional() @IsString() @MaxLength(200) job?: string;
}

export class DeadLetterQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'scheduler.heartbeat' }) @IsOptional() @IsString() @MaxLength(200) job?: string;
}

export class PurgeQueryDto {
  @ApiPropertyOptional({ description: 'Only dead letters of this job', example: 'scheduler.heartbeat' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  job?: string;
}
