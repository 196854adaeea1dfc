import { VENUE_IDS } from '@app/market-calendars';
import { OptionalText, RequiredEnum } from '../../http/dto-properties';

/**
 * A schedule's market trigger: `{ calendar, at }` fires at a session's open or close (shifted by
 * an offset), `{ calendar, every, during: "session" }` fires every period while the venue trades.
 * Trading days only; the scheduler checks the offset and period bounds (400 naming `market.at`, …).
 */
export class MarketTriggerDto {
  @RequiredEnum(VENUE_IDS, { example: 'XNYS', description: 'Calendar id (GET /api/v1/calendars)' })
  calendar: string;

  @OptionalText(20, {
    example: 'open-30m',
    description:
      '`open` or `close`, optionally ±N m|h up to 24h: `open-30m`, `close`, `close+15m`. Follows each ' +
      'session’s own hours (13:00 on a US half day).',
  })
  at?: string;

  @OptionalText(10, {
    example: '5m',
    description: 'A period of 1m to 24h (`5m`, `1h`), counted from each session’s open and after each break',
  })
  every?: string;

  @OptionalText(20, { enum: ['session'], example: 'session', description: 'Required with `every`' })
  during?: string;
}
