import { AppError } from '@app/infrastructure';
import { validateMarketTrigger, type MarketTrigger } from '@app/market-calendars';
import type { MarketTriggerInput, ScheduleInput, Timing } from '../scheduler.types';
import { checkTimeZone, parseCron } from '../timing/fire-times';

const invalid = (field: string, message: string) => AppError.validation([{ field, message }]);
const NO_TIMING = { cron: null, timezone: null, everyMs: null, at: null, market: null };

function toDate(value: string | Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid('at', 'must be an ISO-8601 date-time');
  return date;
}

/** A market trigger checked field by field (400 naming `market.calendar`, `market.at`, …), without extra keys. */
export function resolveMarketTrigger(input: MarketTriggerInput): MarketTrigger {
  const problems = validateMarketTrigger(input);
  if (problems.length) {
    const field = (name: string) => (name === 'trigger' ? 'market' : `market.${name}`);
    throw AppError.validation(problems.map((p) => ({ field: field(p.field), message: p.message })));
  }
  const calendar = input.calendar as string;
  if (input.at !== undefined) return { calendar, at: input.at };
  return { calendar, every: input.every as string, during: 'session' };
}

/**
 * The timing a request asks for: exactly one of `cron` (with `timezone`), `everyMs` (with an
 * optional first fire time `at`), `at` alone (one-off) or `market` (a market trigger, which
 * fires on its venue's trading days only). Times must be in the future.
 */
export function resolveTiming(
  input: Pick<ScheduleInput, 'cron' | 'timezone' | 'everyMs' | 'at' | 'market'>,
  now: number,
): Timing {
  const hasCron = input.cron !== undefined;
  const hasEvery = input.everyMs !== undefined;
  const hasAt = input.at !== undefined;
  if (input.market !== undefined) {
    if (hasCron || hasEvery || hasAt) throw invalid('market', 'give exactly one of cron, everyMs, at or market');
    if (input.timezone !== undefined) throw invalid('timezone', 'applies only to cron schedules');
    return { ...NO_TIMING, kind: 'market', market: resolveMarketTrigger(input.market) };
  }
  if (hasCron && (hasEvery || hasAt)) {
    const message = 'give exactly one of cron, everyMs, at or market (at may accompany everyMs as its first fire time)';
    throw invalid('cron', message);
  }
  if (input.timezone !== undefined && !hasCron) throw invalid('timezone', 'applies only to cron schedules');
  if (hasCron) {
    const timezone = input.timezone ?? 'UTC';
    checkTimeZone(timezone);
    parseCron(input.cron as string, timezone);
    return { ...NO_TIMING, kind: 'cron', cron: input.cron as string, timezone };
  }
  const at = hasAt ? toDate(input.at as string | Date) : null;
  if (at && at.getTime() <= now) throw invalid('at', `must be in the future (now is ${new Date(now).toISOString()})`);
  if (hasEvery) {
    const everyMs = input.everyMs as number;
    return { ...NO_TIMING, kind: 'every', everyMs, at: at ?? new Date(now + everyMs) };
  }
  if (at) return { ...NO_TIMING, kind: 'at', at };
  throw invalid('cron', 'one of cron, everyMs, at or market is required');
}
