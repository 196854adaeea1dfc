import { isoWeekday, type LocalDate, type LocalTime } from '../sessions/local-time';
import type { EarlyClose, YearTable } from './holiday-tables';
import type { DayPlan, LocalSegment } from './venue.types';

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
