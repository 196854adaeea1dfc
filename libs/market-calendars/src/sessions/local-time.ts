import { DateTime } from 'luxon';

/** A venue-local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A venue-local wall-clock time, `HH:MM` (`24:00` is the end of the day). */
export type LocalTime = string;

export const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** The instant at which `date time` happens in `zone` (luxon resolves DST; exchange times never fall in a gap). */
export function localInstant(date: LocalDate, time: LocalTime, zone: string): Date {
  if (time === '24:00') return DateTime.fromISO(addDays(date, 1), { zone }).toJSDate();
  return DateTime.fromISO(`${date}T${time}`, { zone }).toJSDate();
}

/** The calendar date an instant falls on in `zone`. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  return DateTime.fromJSDate(instant, { zone }).toISODate() as LocalDate;
}

/** `date` moved by whole days (pure calendar arithmetic, no time zone). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as LocalDate;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  return DateTime.fromISO(date, { zone: 'UTC' }).weekday;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
}

/** True for a real calendar date in `YYYY-MM-DD` form (rejects 2026-02-30). */
export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && LOCAL_DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}
