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

const DAY_MS = 86_400_000;
/** Zones whose date formatter exists; one per venue zone in practice, bounded all the same. */
const MAX_ZONE_FORMATTERS = 64;
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Every UTC offset in use since 1980 is a multiple of 15 minutes and changes on a quarter hour, so
 * the local date is the same throughout a UTC quarter hour: dates are remembered per zone and
 * quarter (the same candle times recur across requests). Bounded; cleared when full.
 */
const QUARTER_MS = 900_000;
const MEMO_FROM_MS = Date.UTC(1980, 0, 1);
const MAX_MEMO_ENTRIES = 50_000;
/** Per zone, by quarter-hour number: a number key, so no key string is built per candle. */
const dateMemo = new Map<string, Map<number, LocalDate>>();
let memoEntries = 0;

/**
 * The calendar date an instant falls on in `zone`. Data-quality checks call this for every candle of
 * a series, so it uses one cached Intl formatter per zone (`en-CA` prints `YYYY-MM-DD`) rather than
 * building a luxon DateTime per call, and remembers answers per quarter hour.
 */
export function localDateOf(instant: Date, zone: string): LocalDate {
  if (zone === 'UTC') return utcDateOf(instant.getTime());
  const ms = instant.getTime();
  const quarter = ms >= MEMO_FROM_MS ? Math.floor(ms / QUARTER_MS) : undefined;
  const zoneMemo = quarter === undefined ? undefined : dateMemo.get(zone);
  const known = quarter === undefined ? undefined : zoneMemo?.get(quarter);
  if (known) return known;
  let format = dateFormatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dateFormatters.size >= MAX_ZONE_FORMATTERS) dateFormatters.clear();
    dateFormatters.set(zone, format);
  }
  const date = format.format(instant);
  if (quarter !== undefined) {
    if (memoEntries >= MAX_MEMO_ENTRIES) {
      dateMemo.clear();
      memoEntries = 0;
    }
    let memo = dateMemo.get(zone);
    if (!memo) dateMemo.set(zone, (memo = new Map()));
    memo.set(quarter, date);
    memoEntries++;
  }
  return date;
}

/** UTC dates by day number: a series' candles fall on the same few thousand days, request after request. */
const utcDates = new Map<number, LocalDate>();

/** The UTC calendar date of an instant given in milliseconds (a Date and its ISO string are built once per day). */
export function utcDateOf(ms: number): LocalDate {
  const day = Math.floor(ms / DAY_MS);
  let date = utcDates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (utcDates.size >= MAX_MEMO_ENTRIES) utcDates.clear();
    utcDates.set(day, date);
  }
  return date;
}

/** Milliseconds of a calendar date's UTC midnight (setUTCFullYear: Date.UTC maps years 0-99 to 19xx). */
function utcMidnight(date: LocalDate): number {
  return new Date(0).setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

// Calendar walks step one day at a time (sessions, gaps, trading days since a candle): the day
// after a date is remembered. Bounded; cleared when full.
const nextDays = new Map<LocalDate, LocalDate>();

/** `date` moved by whole days (pure calendar arithmetic, no time zone). */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (days !== 1) return utcDateOf(utcMidnight(date) + days * DAY_MS);
  let next = nextDays.get(date);
  if (next === undefined) {
    next = utcDateOf(utcMidnight(date) + DAY_MS);
    if (nextDays.size >= MAX_MEMO_ENTRIES) nextDays.clear();
    nextDays.set(date, next);
  }
  return next;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  return new Date(utcMidnight(date)).getUTCDay() || 7;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** True for a real calendar date in `YYYY-MM-DD` form (rejects 2026-02-30). */
export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && LOCAL_DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}
