import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ALERT_COMPARISONS, ALERT_REDUCERS, ALERT_SEVERITIES } from '@app/infrastructure';
import { PageQueryDto } from '../http/dto/page-query.dto';

const DAY_MS = 24 * 3600 * 1000;
/** `30s`, `15m`, `2h`, `1d` or plain milliseconds. */
export const WINDOW = /^(\d{1,9})(ms|s|m|h|d)?$/;

export function windowToMs(window: string): number {
  const [, n, unit = 'ms'] = WINDOW.exec(window) as RegExpExecArray;
  return Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS }[unit as 'ms'];
}

export class SeriesQueryDto {
  @ApiPropertyOptional({ description: 'Series name; omit to list the series', example: 'http.request_rate' })
  @IsOptional() @IsString() @MaxLength(200) name?: string;

  @ApiPropertyOptional({ description: 'How far back: 30s, 15m, 2h, 1d or milliseconds (max 7d)', example: '15m', default: '15m' })
  @IsOptional() @Matches(WINDOW, { message: 'must be a duration like 30s, 15m, 2h, 1d or milliseconds' }) window?: string;
}

export class AlertExprDto {
  @ApiProperty({ description: 'A series name (GET /api/v1/monitoring/metrics/series)', example: 'http.error_ratio' })
  @IsString() @MinLength(1) @MaxLength(200) series: string;

  @ApiProperty({ enum: ALERT_COMPARISONS, example: '>' })
  @IsIn(ALERT_COMPARISONS) comparison: (typeof ALERT_COMPARISONS)[number];

  @ApiProperty({ example: 0.05 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) threshold: number;

  @ApiPropertyOptional({ description: 'How long the condition must hold before firing (ms)', example: 60000, default: 0 })
  @IsOptional() @IsInt() @Min(0) @Max(7 * DAY_MS) forMs?: number;

  @ApiPropertyOptional({ enum: ALERT_REDUCERS, description: 'How the points in windowMs become one value', example: 'avg', default: 'last' })
  @IsOptional() @IsIn(ALERT_REDUCERS) reduce?: (typeof ALERT_REDUCERS)[number];

  @ApiPropertyOptional({ description: 'Window the reducer reads (ms); 0 = newest point only', example: 60000, default: 0 })
  @IsOptional() @IsInt() @Min(0) @Max(DAY_MS) windowMs?: number;
}

export class CreateAlertRuleDto {
  @ApiProperty({ example: 'high-error-ratio' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { message: 'must be 1-100 letters, digits, _ . : - (starting with a letter or digit)' }) name: string;

  @ApiProperty({ type: AlertExprDto })
  @ValidateNested() @Type(() => AlertExprDto) expr: AlertExprDto;

  @ApiProperty({ enum: ALERT_SEVERITIES, example: 'critical' })
  @IsIn(ALERT_SEVERITIES) severity: (typeof ALERT_SEVERITIES)[number];
}

export class CreateSilenceDto {
  @ApiPropertyOptional({ description: 'Rule to silence; omit for every rule', example: 'high-error-ratio' })
  @IsOptional() @IsString() @MaxLength(100) ruleName?: string;

  @ApiPropertyOptional({ enum: ALERT_SEVERITIES, description: 'Only this severity; omit for all' })
  @IsOptional() @IsIn(ALERT_SEVERITIES) severity?: (typeof ALERT_SEVERITIES)[number];

  @ApiPropertyOptional({ description: 'Default now', example: '2030-01-01T09:00:00Z' })
  @IsOptional() @IsISO8601({ strict: true }) startsAt?: string;

  @ApiProperty({ example: '2030-01-01T11:00:00Z' })
  @IsISO8601({ strict: true }) endsAt: string;

  @ApiProperty({ example: 'planned database failover' })
  @IsString() @MinLength(1) @MaxLength(500) comment: string;
}

export class AlertHistoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'high-error-ratio' }) @IsOptional() @IsString() @MaxLength(100) ruleName?: string;
}
