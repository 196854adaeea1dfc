import { isoWeekday, addDays, type LocalDate } from '../sessions/local-time';
import { holidaysOfCountry, perYear, ruleDate, type EarlyClose } from './holiday-tables';
import { exchangeVenue, type ExchangeHours, type ExchangeSchedule } from './exchange-day';
import type { VenueDefinition } from './venue.types';

/**
 * JPX closes on Japan's national holidays (with substitute and "sandwiched" citizens' holidays,
 * equinoxes computed astronomically by date-holidays) and on its year-end/new-year holidays,
 * 31 December to 3 January (date-holidays' JP bank holidays). No half days.
 */
const JPX_SCHEDULE: ExchangeSchedule = {
  holidays: holidaysOfCountry('JP', undefined, ['public', 'bank']),
  earlyCloses: perYear(() => new Map()),
};

const JPX_HOURS: ExchangeHours = {
  preOpen: '08:00',
  open: '09:00',
  close: '15:30',
  breaks: [{ start: '11:30', end: '12:30' }],
};

export const XTKS: VenueDefinition = exchangeVenue({
  id: 'XTKS',
  name: 'Tokyo Stock Exchange (JPX)',
  mic: 'XTKS',
  timeZone: 'Asia/Tokyo',
  description: 'Morning session 09:00–11:30 and afternoon session 12:30–15:30 Tokyo time, Monday–Friday',
  sources: ['JPX "Market holidays"', 'JPX "Trading hours" (afternoon close 15:30 since 5 November 2024)'],
  hours: JPX_HOURS,
  schedule: JPX_SCHEDULE,
  earlyClose: null,
});

/** HKEX closes on Hong Kong's general holidays (date-holidays' HK public holidays, lunisolar dates included). */
const HKEX_HOLIDAYS = holidaysOfCountry('HK', undefined, ['public']);
const LUNAR_NEW_YEAR = ruleDate('chinese 01-0-01');

/**
 * HKEX's half days, morning session only: the eves of Lunar New Year, Christmas and New Year when
 * they fall on a weekday that is not itself a holiday.
 */
const HKEX_SCHEDULE: ExchangeSchedule = {
  holidays: HKEX_HOLIDAYS,
  earlyCloses: perYear((year) => {
    const closes = new Map<LocalDate, EarlyClose>();
    const lunarNewYear = LUNAR_NEW_YEAR(year);
    const eves: [LocalDate | undefined, string][] = [
      [lunarNewYear && addDays(lunarNewYear, -1), "Lunar New Year's Eve"],
      [`${year}-12-24`, 'Christmas Eve'],
      [`${year}-12-31`, "New Year's Eve"],
    ];
    for (const [date, name] of eves) {
      if (date && isoWeekday(date) <= 5 && !HKEX_HOLIDAYS(year).has(date)) closes.set(date, { close: '12:00', name });
    }
    return closes;
  }),
};

const HKEX_HOURS: ExchangeHours = {
  preOpen: '09:00',
  open: '09:30',
  close: '16:00',
  breaks: [{ start: '12:00', end: '13:00' }],
};

export const XHKG: VenueDefinition = exchangeVenue({
  id: 'XHKG',
  name: 'Hong Kong Stock Exchange (HKEX)',
  mic: 'XHKG',
  timeZone: 'Asia/Hong_Kong',
  description:
    'Pre-opening 09:00–09:30, morning session 09:30–12:00, lunch break, afternoon session 13:00–16:00 ' +
    'Hong Kong time; morning only on the eves of Lunar New Year, Christmas and New Year',
  sources: ['HKEX "Trading calendar and holiday schedule"', 'Hong Kong general holidays (GovHK)'],
  hours: HKEX_HOURS,
  schedule: HKEX_SCHEDULE,
  earlyClose: '12:00',
});
