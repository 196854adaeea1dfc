import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { OptionalText } from '../../http/dto-properties';

const DAY_MS = 24 * 3600 * 1000;
/** `30s`, `15m`, `2h`, `1d` or plain milliseconds. */
export const WINDOW = /^(\d{1,9})(ms|s|m|h|d)?$/;

/** Milliseconds of a window that matched WINDOW. */
export function windowToMs(window: string): number {
  const [, n, unit = 'ms'] = WINDOW.exec(window) as RegExpExecArray;
  return Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS }[unit as 'ms'];
}

/** GET /api/v1/monitoring/metrics/series. */
export class SeriesQueryDto {
  @OptionalText(200, { description: 'Series name; omit to list the series', example: 'http.request_rate' })
  name?: string;

  @ApiPropertyOptional({
    description: 'How far back: 30s, 15m, 2h, 1d or milliseconds (max 7d)',
    example: '15m',
    default: '15m',
  })
  @IsOptional()
  @Matches(WINDOW, { message: '$property must be a duration like 30s, 15m, 2h, 1d or milliseconds' })
  window?: string;
}

/** GET /api/v1/monitoring/alerts/history. */
export class AlertHistoryQueryDto extends PageQueryDto {
  @OptionalText(100, { example: 'high-error-ratio' }) ruleName?: string;
}
