import { addDays, isoWeekday, type LocalDate } from '../sessions/local-time';
import { holidaysFromRules, perYear, type EarlyClose, type HolidayRule } from './holiday-tables';
import { exchangeVenue, type ExchangeHours, type ExchangeSchedule } from './exchange-day';
import type { VenueDefinition } from './venue.types';

/**
 * NYSE Rule 7.2 holidays, shared by Nasdaq and (with other hours) CME. A Saturday holiday is kept
 * on the Friday before and a Sunday one on the Monday after, except New Year's Day on a Saturday,
 * which is not kept at all (no holiday on 31 December).
 */
export const US_EXCHANGE_HOLIDAY_RULES: readonly HolidayRule[] = [
  ['01-01 if sunday then next monday', "New Year's Day"],
  ['3rd monday in January', 'Martin Luther King, Jr. Day'],
  ['3rd monday in February', "Washington's Birthday"],
  ['easter -2', 'Good Friday'],
  ['monday before 06-01', 'Memorial Day'],
  [
    '06-19 if saturday then previous friday if sunday then next monday since 2022',
    'Juneteenth National Independence Day',
  ],
  ['07-04 if saturday then previous friday if sunday then next monday', 'Independence Day'],
  ['1st monday in September', 'Labor Day'],
  ['4th thursday in November', 'Thanksgiving Day'],
  ['12-25 if saturday then previous friday if sunday then next monday', 'Christmas Day'],
];

export const US_EXCHANGE_HOLIDAYS = holidaysFromRules(US_EXCHANGE_HOLIDAY_RULES);

/** Thanksgiving Day (the fourth Thursday of November) of a year. */
export function thanksgiving(year: number): LocalDate {
  for (const [date, name] of US_EXCHANGE_HOLIDAYS(year)) if (name === 'Thanksgiving Day') return date;
  throw new Error(`no Thanksgiving in ${year}`);
}

/**
 * The US half days: the day after Thanksgiving, Christmas Eve on a Monday–Thursday, and 3 July on a
 * Monday–Thursday (Independence Day then falls on a weekday after it). `close` is the venue's.
 */
export function usEarlyCloseDates(year: number): Map<LocalDate, string> {
  const dates = new Map<LocalDate, string>();
  const july3 = `${year}-07-03`;
  if (isoWeekday(july3) <= 4) dates.set(july3, 'Day before Independence Day');
  dates.set(addDays(thanksgiving(year), 1), 'Day after Thanksgiving');
  const christmasEve = `${year}-12-24`;
  if (isoWeekday(christmasEve) <= 4) dates.set(christmasEve, 'Christmas Eve');
  return dates;
}

const US_HOURS: ExchangeHours = { open: '09:30', close: '16:00', breaks: [] };

const US_SCHEDULE: ExchangeSchedule = {
  holidays: US_EXCHANGE_HOLIDAYS,
  earlyCloses: perYear((year) => {
    const closes = new Map<LocalDate, EarlyClose>();
    for (const [date, name] of usEarlyCloseDates(year)) closes.set(date, { close: '13:00', name });
    return closes;
  }),
};

export const XNYS: VenueDefinition = exchangeVenue({
  id: 'XNYS',
  name: 'New York Stock Exchange',
  mic: 'XNYS',
  timeZone: 'America/New_York',
  description: 'Core trading session Monday–Friday 09:30–16:00 New York time; 13:00 on half days',
  sources: ['NYSE "Holidays & Trading Hours" (NYSE Rule 7.2)'],
  hours: US_HOURS,
  schedule: US_SCHEDULE,
  earlyClose: '13:00',
});

export const XNAS: VenueDefinition = exchangeVenue({
  id: 'XNAS',
  name: 'Nasdaq Stock Market',
  mic: 'XNAS',
  timeZone: 'America/New_York',
  description: 'Market hours Monday–Friday 09:30–16:00 New York time; 13:00 on half days',
  sources: ['Nasdaq Trader "U.S. Holiday Schedule"'],
  hours: US_HOURS,
  schedule: US_SCHEDULE,
  earlyClose: '13:00',
});
