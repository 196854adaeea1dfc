import Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { addDays, isoWeekday, type LocalDate, type LocalTime } from '../sessions/local-time';

/** Dated entries of one kind (holidays, early closes) for a year, built once per year and kept. */
export type YearTable<T> = (year: number) => ReadonlyMap<LocalDate, T>;

/** A scheduled early close: the local close time and why. */
export interface EarlyClose {
  close: LocalTime;
  name: string;
}

/** Rules as date-holidays grammar (`easter -2`, `3rd monday in January`, …) with the holiday's name. */
export type HolidayRule = readonly [rule: string, name: string];

/** Memoises a per-year table; a process asks for a handful of years. */
export function perYear<T>(build: (year: number) => Map<LocalDate, T>): YearTable<T> {
  const years = new Map<number, ReadonlyMap<LocalDate, T>>();
  return (year) => {
    let table = years.get(year);
    if (!table) years.set(year, (table = build(year)));
    return table;
  };
}

type HolidayTypes = readonly HolidaysTypes.HolidayType[];

function tableOf(holidays: Holidays, year: number, types: HolidayTypes): Map<LocalDate, string> {
  const table = new Map<LocalDate, string>();
  for (const h of holidays.getHolidays(year, 'en')) {
    const date = h.date.slice(0, 10);
    if (types.includes(h.type) && !table.has(date)) table.set(date, h.name);
  }
  return table;
}

/** An exchange's own holiday list, written as date-holidays rules (weekend dates are kept; they close anyway). */
export function holidaysFromRules(rules: readonly HolidayRule[]): YearTable<string> {
  const holidays = new Holidays();
  for (const [rule, name] of rules) {
    if (!holidays.setHoliday(rule, { name, type: 'public' })) throw new Error(`date-holidays rejected rule '${rule}'`);
  }
  return perYear((year) => tableOf(holidays, year, ['public']));
}

/** A country's (or state's) holidays of the given types from date-holidays' maintained data. */
export function holidaysOfCountry(
  country: string,
  state: string | undefined,
  types: readonly HolidaysTypes.HolidayType[],
): YearTable<string> {
  const holidays = state ? new Holidays(country, state) : new Holidays(country);
  return perYear((year) => tableOf(holidays, year, types));
}

/** Holidays from several tables; the first table naming a date wins. */
export function unionOf(...tables: YearTable<string>[]): YearTable<string> {
  return perYear((year) => {
    const merged = new Map<LocalDate, string>();
    for (const table of tables) for (const [date, name] of table(year)) if (!merged.has(date)) merged.set(date, name);
    return merged;
  });
}

/** The last weekday before `date` that is not in `holidays` (the LSE's "equivalent last working day"). */
export function lastTradingDayBefore(date: LocalDate, holidays: YearTable<string>): LocalDate {
  let day = addDays(date, -1);
  while (isoWeekday(day) > 5 || holidays(Number(day.slice(0, 4))).has(day)) day = addDays(day, -1);
  return day;
}

/** The date of the first date-holidays rule match in a year (e.g. `chinese 01-0-01`, Lunar New Year's Day). */
export function ruleDate(rule: string): (year: number) => LocalDate | undefined {
  const holidays = new Holidays();
  if (!holidays.setHoliday(rule, { name: rule, type: 'public' })) {
    throw new Error(`date-holidays rejected rule '${rule}'`);
  }
  return (year) => holidays.getHolidays(year)[0]?.date.slice(0, 10);
}
