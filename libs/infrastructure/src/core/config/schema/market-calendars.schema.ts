import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

// Exchange calendars (libs/market-calendars).

/**
 * An unscheduled change to a venue's calendar: a closure for the day, or an early close at closeAt
 * (venue-local HH:MM). The venue id is checked against the calendars when libs/market-calendars starts.
 */
export class CalendarAdjustmentSettings {
  @Matches(/^[A-Z][A-Z0-9-]{1,19}$/, { message: 'must be a calendar id such as XNYS or CME-EQUITY' }) venue: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD (the venue-local trade date)' }) date: string;
  @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time HH:MM' }) closeAt?: string;
  @IsString() @Matches(/\S/, { message: 'must say why' }) reason: string;
}

/** Exchange calendars (libs/market-calendars). */
export class MarketCalendarsSettings {
  @IsInt() @Min(1) @Max(3660) maxRangeDays: number;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CalendarAdjustmentSettings)
  adjustments: CalendarAdjustmentSettings[];
}
