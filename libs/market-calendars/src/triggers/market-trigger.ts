import { VENUE_IDS, isVenueId } from '../venues/venue.types';
import { addDays, localDateOf } from '../sessions/local-time';
import { tradingIntervalsOf, type MarketCalendar } from '../sessions/market-calendar';
import type { MarketSession } from '../sessions/session.types';
import type { MarketAtTrigger, MarketTrigger, TriggerProblem } from './market-trigger.types';

/** `open` or `close`, optionally shifted by up to 24 hours: `open-30m`, `close+15m`, `open-1h`. */
export const TRIGGER_AT_PATTERN = /^(open|close)(?:([+-])(\d{1,4})(m|h))?$/;
/** A period of whole minutes or hours: `5m`, `1h`. */
export const TRIGGER_EVERY_PATTERN = /^(\d{1,4})(m|h)$/;
const MAX_OFFSET_MS = 24 * 3_600_000;
const MIN_EVERY_MS = 60_000;
/** A trigger that finds no firing in this many days has none (an unknown calendar cannot get here). */
const HORIZON_DAYS = 400;

function durationMs(amount: string, unit: string): number {
  return Number(amount) * (unit === 'h' ? 3_600_000 : 60_000);
}

/** The anchor and signed offset of an `at` expression, or undefined when it is malformed or out of bounds. */
export function parseTriggerAt(at: string): { anchor: 'open' | 'close'; offsetMs: number } | undefined {
  const m = TRIGGER_AT_PATTERN.exec(at);
  if (!m) return undefined;
  const offsetMs = m[2] ? (m[2] === '-' ? -1 : 1) * durationMs(m[3], m[4]) : 0;
  return Math.abs(offsetMs) <= MAX_OFFSET_MS ? { anchor: m[1] as 'open' | 'close', offsetMs } : undefined;
}

/** The period of an `every` expression in ms (1 minute to 24 hours), or undefined. */
export function parseTriggerEvery(every: string): number | undefined {
  const m = TRIGGER_EVERY_PATTERN.exec(every);
  const ms = m ? durationMs(m[1], m[2]) : NaN;
  return ms >= MIN_EVERY_MS && ms <= MAX_OFFSET_MS ? ms : undefined;
}

/** What is wrong with a trigger given as JSON, naming each field; empty when it is valid. */
export function validateMarketTrigger(value: unknown): TriggerProblem[] {
  if (typeof value !== 'object' || value === null) return [{ field: 'trigger', message: 'must be an object' }];
  const t = value as Record<string, unknown>;
  const problems: TriggerProblem[] = [];
  if (!isVenueId(t.calendar)) problems.push({ field: 'calendar', message: `must be one of ${VENUE_IDS.join(', ')}` });
  const hasAt = t.at !== undefined;
  const hasEvery = t.every !== undefined;
  if (hasAt === hasEvery) problems.push({ field: 'at', message: 'give exactly one of at or every' });
  if (hasAt && (typeof t.at !== 'string' || !parseTriggerAt(t.at))) {
    problems.push({ field: 'at', message: 'must be open or close, optionally ±N m|h up to 24h (open-30m)' });
  }
  if (hasEvery && (typeof t.every !== 'string' || parseTriggerEvery(t.every) === undefined)) {
    problems.push({ field: 'every', message: 'must be a period of 1m to 24h (e.g. 5m, 1h)' });
  }
  if (hasEvery && t.during !== 'session') problems.push({ field: 'during', message: 'must be "session"' });
  return problems;
}

/**
 * The first firing of a market trigger strictly after `after`, on the trigger's calendar (which the
 * caller resolves from `trigger.calendar`); null when there is none within 400 days. Only trading
 * days fire: `at` follows each session's own open or close (13:00 on a half day), and `every` fires
 * at open + k × period while the venue trades, restarting after each break (never inside a lunch
 * break, never at the close itself). The scheduler's adapter calls this with the last firing.
 */
export function nextMarketFire(calendar: MarketCalendar, trigger: MarketTrigger, after: Date): Date | null {
  const t = after.getTime();
  const firstDate = addDays(localDateOf(new Date(t - MAX_OFFSET_MS), calendar.venue.timeZone), -4);
  const fire = isAtTrigger(trigger) ? atFiring(trigger) : everyFiring(trigger.every);
  for (let i = 0, date = firstDate; i <= HORIZON_DAYS; i++, date = addDays(date, 1)) {
    const session = calendar.session(date);
    const at = session && fire(session, t);
    if (at !== null && at !== undefined) return new Date(at);
  }
  return null;
}

function isAtTrigger(trigger: MarketTrigger): trigger is MarketAtTrigger {
  return (trigger as MarketAtTrigger).at !== undefined;
}

type Firing = (session: MarketSession, afterMs: number) => number | null;

function atFiring(trigger: MarketAtTrigger): Firing {
  const parsed = parseTriggerAt(trigger.at);
  if (!parsed) throw new RangeError(`invalid market trigger at '${trigger.at}'`);
  return (session, afterMs) => {
    const at = (parsed.anchor === 'open' ? session.open : session.close).getTime() + parsed.offsetMs;
    return at > afterMs ? at : null;
  };
}

function everyFiring(every: string): Firing {
  const periodMs = parseTriggerEvery(every);
  if (periodMs === undefined) throw new RangeError(`invalid market trigger every '${every}'`);
  return (session, afterMs) => {
    for (const { start, end } of tradingIntervalsOf(session)) {
      const s = start.getTime();
      const next = s > afterMs ? s : s + (Math.floor((afterMs - s) / periodMs) + 1) * periodMs;
      if (next < end.getTime()) return next;
    }
    return null;
  };
}
