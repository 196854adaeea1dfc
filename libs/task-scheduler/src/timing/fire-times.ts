import { CronTime } from 'cron';
import { AppError } from '@app/infrastructure';
import type { MarketTrigger } from '@app/market-calendars';
import type { Timing } from '../scheduler.types';

/**
 * The next firing of a market trigger strictly after `after` on its venue's calendar (with the
 * configured adjustments): MarketCalendars.nextFire, passed in so these functions stay pure.
 */
export type MarketFires = (trigger: MarketTrigger, after: Date) => Date | null;

/** Field names match the API body, so a VALIDATION_FAILED names what the caller sent. */
function invalid(field: string, message: string): AppError {
  return AppError.validation([{ field, message }]);
}

export function checkTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw invalid('timezone', `'${zone}' is not an IANA time zone (e.g. UTC, Europe/London, America/New_York)`);
  }
}

/** Parses with the `cron` package (5 fields, or 6 with seconds first). */
export function parseCron(expression: string, zone: string): CronTime {
  checkTimeZone(zone);
  try {
    return new CronTime(expression, zone);
  } catch (error) {
    throw invalid('cron', `is not a valid cron expression: ${(error as Error).message}`);
  }
}

/**
 * Next fire time strictly after `after`, or null when the schedule never fires again. A market
 * trigger needs `markets`; it fires on its venue's trading days only.
 */
export function nextFireAfter(timing: Timing, after: number, anchor: number, markets?: MarketFires): number | null {
  switch (timing.kind) {
    case 'cron': {
      const cron = parseCron(timing.cron as string, timing.timezone ?? 'UTC');
      return cron.getNextDateFrom(new Date(after), timing.timezone ?? 'UTC').toMillis();
    }
    case 'every': {
      // Anchored to the schedule's first fire time, so firings never drift with execution time.
      const every = timing.everyMs as number;
      if (after < anchor) return anchor;
      return anchor + (Math.floor((after - anchor) / every) + 1) * every;
    }
    case 'at':
      return (timing.at as Date).getTime() > after ? (timing.at as Date).getTime() : null;
    case 'market': {
      if (!markets) throw new Error('a market trigger needs the market calendars to find its fire times');
      return markets(timing.market as MarketTrigger, new Date(after))?.getTime() ?? null;
    }
  }
}

/** The next `count` fire times after `after` (for GET /schedules/:id). */
export function upcomingFireTimes(
  timing: Timing,
  after: number,
  anchor: number,
  count: number,
  markets?: MarketFires,
): Date[] {
  const times: Date[] = [];
  let cursor = after;
  while (times.length < count) {
    const next = nextFireAfter(timing, cursor, anchor, markets);
    if (next === null) break;
    times.push(new Date(next));
    cursor = next;
  }
  return times;
}

/** Fire times in [from, to]: how many, and the latest (bounded by `limit` iterations). */
export function firingsBetween(
  timing: Timing,
  from: number,
  to: number,
  anchor: number,
  markets?: MarketFires,
  limit = 10_000,
): { count: number; last: number | null } {
  let count = 0;
  let last: number | null = null;
  let cursor = from - 1;
  while (count < limit) {
    const next = nextFireAfter(timing, cursor, anchor, markets);
    if (next === null || next > to) break;
    count++;
    last = next;
    cursor = next;
  }
  return { count, last };
}

/** The reference point of an interval schedule (its first fire time); other kinds need none. */
export function anchorOf(timing: Timing): number {
  return timing.kind === 'every' && timing.at ? timing.at.getTime() : 0;
}
