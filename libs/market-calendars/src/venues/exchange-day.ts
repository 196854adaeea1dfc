import { isoWeekday, type LocalDate, type LocalTime } from '../sessions/local-time';
import type { EarlyClose, YearTable } from './holiday-tables';
import type { DayPlan, LocalSegment, VenueDefinition } from './venue.types';

/** An exchange day's shape: continuous trading from open to close, with breaks (lunch) in between. */
export interface ExchangeHours {
  open: LocalTime;
  close: LocalTime;
  preOpen?: LocalTime;
  breaks: { start: LocalTime; end: LocalTime }[];
}

/** Where an exchange's closed and shortened days come from. */
export interface ExchangeSchedule {
  holidays: YearTable<string>;
  earlyCloses: YearTable<EarlyClose>;
}

/**
 * The plan of a day-session exchange (NYSE, LSE, JPX, …): closed at weekends and on holidays; on an
 * early-close day, trading stops at the early close and any break after it disappears (HKEX's half
 * days are the morning session only).
 */
export function planExchangeDay(date: LocalDate, hours: ExchangeHours, schedule: ExchangeSchedule): DayPlan {
  if (isoWeekday(date) > 5) return { session: null, closure: null };
  const year = Number(date.slice(0, 4));
  const holiday = schedule.holidays(year).get(date);
  if (holiday) return { session: null, closure: holiday };
  const early = schedule.earlyCloses(year).get(date);
  const close = early?.close ?? hours.close;
  const at = (time: LocalTime) => ({ date, time });
  const segments: LocalSegment[] = [];
  let start = hours.open;
  for (const pause of hours.breaks) {
    if (pause.start >= close) break;
    segments.push({ start: at(start), end: at(pause.start) });
    start = pause.end;
  }
  if (start < close) segments.push({ start: at(start), end: at(close) });
  return {
    session: {
      date,
      kind: early ? 'early-close' : 'regular',
      segments,
      ...(hours.preOpen ? { preOpen: at(hours.preOpen) } : {}),
      ...(early ? { reason: early.name } : {}),
    },
  };
}

/** A day-session exchange as the catalogue lists it: identity and sources, its hours and where its closed days come from. */
export interface ExchangeVenueSpec extends Pick<
  VenueDefinition,
  'id' | 'name' | 'mic' | 'timeZone' | 'description' | 'sources'
> {
  hours: ExchangeHours;
  schedule: ExchangeSchedule;
  /** The close on its scheduled half days, when it has them. */
  earlyClose: LocalTime | null;
}

/**
 * A Monday–Friday day-session exchange whose published regular hours and day plans both come from
 * one ExchangeHours, so the hours a client reads cannot drift from the sessions the calendar plans.
 */
export function exchangeVenue(spec: ExchangeVenueSpec): VenueDefinition {
  const { id, name, mic, timeZone, description, sources, hours, schedule, earlyClose } = spec;
  return {
    id,
    name,
    mic,
    timeZone,
    continuous: false,
    regularHours: {
      open: hours.open,
      close: hours.close,
      opensPreviousDay: false,
      preOpen: hours.preOpen ?? null,
      breaks: hours.breaks,
      earlyClose,
      weekdays: [1, 2, 3, 4, 5],
    },
    description,
    sources,
    plan: (date) => planExchangeDay(date, hours, schedule),
  };
}
