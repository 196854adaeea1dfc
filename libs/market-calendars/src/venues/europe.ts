import type { LocalDate } from '../sessions/local-time';
import {
  holidaysFromRules,
  holidaysOfCountry,
  lastTradingDayBefore,
  perYear,
  type EarlyClose,
  type YearTable,
} from './holiday-tables';
import { exchangeVenue, type ExchangeHours, type ExchangeSchedule } from './exchange-day';
import type { VenueDefinition } from './venue.types';

/** LSE trading days follow the bank holidays of England and Wales (date-holidays' GB-ENG public holidays). */
const LSE_HOLIDAYS: YearTable<string> = holidaysOfCountry('GB', 'ENG', ['public']);

/**
 * The LSE's festive half days: the last trading day before Christmas Day and the last before New
 * Year's Day (24 and 31 December, or the Friday before when those fall at a weekend) close at 12:30.
 */
const LSE_SCHEDULE: ExchangeSchedule = {
  holidays: LSE_HOLIDAYS,
  earlyCloses: perYear((year) => {
    const closes = new Map<LocalDate, EarlyClose>();
    closes.set(lastTradingDayBefore(`${year}-12-25`, LSE_HOLIDAYS), { close: '12:30', name: 'Christmas Eve' });
    closes.set(lastTradingDayBefore(`${year + 1}-01-01`, LSE_HOLIDAYS), { close: '12:30', name: "New Year's Eve" });
    return closes;
  }),
};

const LSE_HOURS: ExchangeHours = { preOpen: '07:50', open: '08:00', close: '16:30', breaks: [] };

export const XLON: VenueDefinition = exchangeVenue({
  id: 'XLON',
  name: 'London Stock Exchange',
  mic: 'XLON',
  timeZone: 'Europe/London',
  description:
    'Continuous trading Monday–Friday 08:00–16:30 London time after the 07:50 opening auction; ' +
    "the market closing process starts at 12:30 on Christmas Eve and New Year's Eve",
  sources: ['London Stock Exchange "Trading hours and market holidays"', 'GOV.UK bank holidays (England and Wales)'],
  hours: LSE_HOURS,
  schedule: LSE_SCHEDULE,
  earlyClose: '12:30',
});

/**
 * Xetra's own non-trading days (Deutsche Börse trading calendar): fewer than Hesse's public holidays
 * (Ascension, Whit Monday, Corpus Christi and German Unity Day are trading days), plus Christmas Eve
 * and New Year's Eve. No scheduled half days.
 */
const XETRA_HOLIDAYS = holidaysFromRules([
  ['01-01', "New Year's Day"],
  ['easter -2', 'Good Friday'],
  ['easter 1', 'Easter Monday'],
  ['05-01', 'Labour Day'],
  ['12-24', 'Christmas Eve'],
  ['12-25', 'Christmas Day'],
  ['12-26', 'Boxing Day'],
  ['12-31', "New Year's Eve"],
]);

const XETRA_SCHEDULE: ExchangeSchedule = { holidays: XETRA_HOLIDAYS, earlyCloses: perYear(() => new Map()) };
const XETRA_HOURS: ExchangeHours = { preOpen: '08:50', open: '09:00', close: '17:30', breaks: [] };

export const XETR: VenueDefinition = exchangeVenue({
  id: 'XETR',
  name: 'Xetra (Deutsche Börse)',
  mic: 'XETR',
  timeZone: 'Europe/Berlin',
  description: 'Continuous trading Monday–Friday 09:00–17:30 Frankfurt time after the 08:50 opening auction',
  sources: ['Deutsche Börse "Trading calendar and trading hours" (Xetra and Börse Frankfurt)'],
  hours: XETRA_HOURS,
  schedule: XETRA_SCHEDULE,
  earlyClose: null,
});
