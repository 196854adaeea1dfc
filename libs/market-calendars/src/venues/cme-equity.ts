import { addDays, isoWeekday, type LocalDate, type LocalTime } from '../sessions/local-time';
import { US_EXCHANGE_HOLIDAYS, usEarlyCloseDates } from './us-equities';
import type { DayPlan, LocalSegment, VenueDefinition } from './venue.types';

const OPEN: LocalTime = '17:00';
const CLOSE: LocalTime = '16:00';
const EARLY_CLOSE: LocalTime = '12:15';
const HOLIDAY_HALT: LocalTime = '12:00';
/** When the US jobs report falls on Good Friday (its first Friday of the month), CME trades until 08:15 CT. */
const GOOD_FRIDAY_HALT: LocalTime = '08:15';

/** Holidays on which CME equity index futures trade until a halt instead of staying shut all day. */
const HALT_HOLIDAYS = new Set([
  'Martin Luther King, Jr. Day',
  "Washington's Birthday",
  'Memorial Day',
  'Juneteenth National Independence Day',
  'Independence Day',
  'Labor Day',
  'Thanksgiving Day',
]);

/** The halt time on a holiday, or undefined when CME equity does not trade that day at all. */
function haltOn(date: LocalDate, holiday: string): LocalTime | undefined {
  if (HALT_HOLIDAYS.has(holiday)) return HOLIDAY_HALT;
  if (holiday === 'Good Friday' && Number(date.slice(8)) <= 7) return GOOD_FRIDAY_HALT;
  return undefined;
}

/**
 * One CME Globex trade date of the equity index futures (E-mini S&P 500 and others). Trading for
 * trade date D opens at 17:00 CT on the evening before (Sunday for Monday) and closes at 16:00 CT on
 * D, so the daily maintenance break 16:00–17:00 lies between two sessions. A US holiday is not a
 * trade date: on New Year's Day, Good Friday and Christmas Day nothing trades; on the others the
 * session opened the evening before halts at 12:00 CT and that trading counts for the next trade
 * date, which is why a session can start with a segment and a break before its main segment.
 */
export function planCmeEquityDay(date: LocalDate): DayPlan {
  if (isoWeekday(date) > 5) return { session: null, closure: null };
  const year = Number(date.slice(0, 4));
  const holiday = US_EXCHANGE_HOLIDAYS(year).get(date);
  if (holiday) return { session: null, closure: holiday };
  const early = usEarlyCloseDates(year).get(date);
  const segments: LocalSegment[] = [];
  const previousWeekday = addDays(date, isoWeekday(date) === 1 ? -3 : -1);
  const previousHoliday = US_EXCHANGE_HOLIDAYS(Number(previousWeekday.slice(0, 4))).get(previousWeekday);
  const halt = previousHoliday && haltOn(previousWeekday, previousHoliday);
  if (halt) {
    const eve = addDays(previousWeekday, -1);
    segments.push({ start: { date: eve, time: OPEN }, end: { date: previousWeekday, time: halt } });
  }
  segments.push({ start: { date: addDays(date, -1), time: OPEN }, end: { date, time: early ? EARLY_CLOSE : CLOSE } });
  const haltNote = halt && `${previousHoliday}: trading halts at ${halt} CT and counts for this trade date`;
  const reason = early ?? haltNote;
  return { session: { date, kind: early ? 'early-close' : 'regular', segments, ...(reason ? { reason } : {}) } };
}

export const CME_EQUITY: VenueDefinition = {
  id: 'CME-EQUITY',
  name: 'CME Globex equity index futures',
  mic: 'XCME',
  timeZone: 'America/Chicago',
  continuous: false,
  regularHours: {
    open: OPEN,
    close: CLOSE,
    opensPreviousDay: true,
    preOpen: null,
    breaks: [],
    earlyClose: EARLY_CLOSE,
    weekdays: [1, 2, 3, 4, 5, 7],
  },
  description:
    'Sunday–Friday 17:00–16:00 Chicago time with the daily 16:00–17:00 maintenance break; ' +
    'on US holidays a 12:00 CT halt or no trading; 12:15 CT closes after Thanksgiving and on Christmas Eve',
  sources: ['CME Group "Holiday calendar" (Globex trading hours, Equities)'],
  plan: planCmeEquityDay,
};
