import { VENUES } from '../venues/venue-catalog';
import type { VenueId } from '../venues/venue.types';
import { addDays, isoWeekday } from './local-time';
import { MarketCalendar } from './market-calendar';

/**
 * Each venue's weekday closures and early closes for 2026 and 2027, copied from the venues' own
 * publications (named per venue below), against the calendars' sessions for every day of both years.
 */
interface Published {
  source: string;
  closed: string[];
  /** Early-close date → local close time. */
  early: Record<string, string>;
}

const US_2026_2027 = {
  closed: [
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-04-03',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-11-26',
    '2026-12-25',
    '2027-01-01',
    '2027-01-18',
    '2027-02-15',
    '2027-03-26',
    '2027-05-31',
    '2027-06-18',
    '2027-07-05',
    '2027-09-06',
    '2027-11-25',
    '2027-12-24',
  ],
  early: { '2026-11-27': '13:00', '2026-12-24': '13:00', '2027-11-26': '13:00' },
};

const PUBLISHED: Record<Exclude<VenueId, 'FX' | 'CRYPTO'>, Published> = {
  XNYS: {
    source: 'NYSE "Holidays & Trading Hours" (NYSE Group 2026, 2027 and 2028 holiday and early closings calendar)',
    ...US_2026_2027,
  },
  XNAS: {
    source: 'Nasdaq Trader "U.S. Holiday Schedule" 2026 and 2027 (market closed / early close 1:00 p.m.)',
    ...US_2026_2027,
  },
  XLON: {
    source: 'London Stock Exchange "Trading hours and market holidays" (business days 2026, 2027)',
    closed: [
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ],
    early: { '2026-12-24': '12:30', '2026-12-31': '12:30', '2027-12-24': '12:30', '2027-12-31': '12:30' },
  },
  XETR: {
    source: 'Deutsche Börse "Trading calendar and trading hours": non-trading days at FWB (Xetra) 2026, 2027',
    closed: [
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-12-24',
      '2026-12-25',
      '2026-12-31',
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-12-24',
      '2027-12-31',
    ],
    early: {},
  },
  XTKS: {
    source: 'JPX "Market holidays" 2026 and 2027 (national holidays and 31 Dec – 3 Jan)',
    closed: [
      '2026-01-01',
      '2026-01-02',
      '2026-01-12',
      '2026-02-11',
      '2026-02-23',
      '2026-03-20',
      '2026-04-29',
      '2026-05-04',
      '2026-05-05',
      '2026-05-06',
      '2026-07-20',
      '2026-08-11',
      '2026-09-21',
      '2026-09-22',
      '2026-09-23',
      '2026-10-12',
      '2026-11-03',
      '2026-11-23',
      '2026-12-31',
      '2027-01-01',
      '2027-01-11',
      '2027-02-11',
      '2027-02-23',
      '2027-03-22',
      '2027-04-29',
      '2027-05-03',
      '2027-05-04',
      '2027-05-05',
      '2027-07-19',
      '2027-08-11',
      '2027-09-20',
      '2027-09-23',
      '2027-10-11',
      '2027-11-03',
      '2027-11-23',
      '2027-12-31',
    ],
    early: {},
  },
  XHKG: {
    source: 'HKEX "Trading calendar and holiday schedule" 2026, 2027 (HKSAR general holidays)',
    closed: [
      '2026-01-01',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-04-03',
      '2026-04-06',
      '2026-04-07',
      '2026-05-01',
      '2026-05-25',
      '2026-06-19',
      '2026-07-01',
      '2026-10-01',
      '2026-10-19',
      '2026-12-25',
      '2027-01-01',
      '2027-02-08',
      '2027-02-09',
      '2027-03-26',
      '2027-03-29',
      '2027-04-05',
      '2027-05-13',
      '2027-06-09',
      '2027-07-01',
      '2027-09-16',
      '2027-10-01',
      '2027-10-08',
      '2027-12-27',
    ],
    early: {
      '2026-02-16': '12:00',
      '2026-12-24': '12:00',
      '2026-12-31': '12:00',
      '2027-02-05': '12:00',
      '2027-12-24': '12:00',
      '2027-12-31': '12:00',
    },
  },
  'CME-EQUITY': {
    source: 'CME Group "Holiday calendar" 2026/2027, CME Globex Equities (halt 12:00 CT, early close 12:15 CT)',
    closed: US_2026_2027.closed,
    early: { '2026-11-27': '12:15', '2026-12-24': '12:15', '2027-11-26': '12:15' },
  },
};

function localTime(instant: Date, zone: string): string {
  return instant.toLocaleTimeString('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hour12: false });
}

describe.each(Object.entries(PUBLISHED))('%s 2026–2027 against its publication', (id, published) => {
  const venue = VENUES[id as VenueId];
  const calendar = new MarketCalendar(venue);
  const { sessions, closures } = calendar.sessionsBetweenDates('2026-01-01', '2027-12-31');

  it(`closes on exactly the published weekdays (${published.source})`, () => {
    expect(closures.map((c) => c.date)).toEqual(published.closed);
    for (let date = '2026-01-01'; date <= '2027-12-31'; date = addDays(date, 1)) {
      expect(calendar.isTradingDay(date)).toBe(isoWeekday(date) <= 5 && !published.closed.includes(date));
    }
  });

  it('closes early on exactly the published half days, at the published time', () => {
    const early = sessions.filter((s) => s.kind === 'early-close');
    expect(Object.fromEntries(early.map((s) => [s.date, localTime(s.close, venue.timeZone)]))).toEqual(published.early);
    for (const s of sessions.filter((x) => x.kind === 'regular')) {
      expect(localTime(s.close, venue.timeZone)).toBe(venue.regularHours.close);
    }
  });
});

describe('named closures', () => {
  it('say which holiday closes the venue', () => {
    const nyse = new MarketCalendar(VENUES.XNYS).sessionsBetweenDates('2026-06-19', '2026-06-19');
    const juneteenth = { venue: 'XNYS', date: '2026-06-19', reason: 'Juneteenth National Independence Day' };
    expect(nyse.closures).toEqual([juneteenth]);
    const xetra = new MarketCalendar(VENUES.XETR).sessionsBetweenDates('2026-12-24', '2026-12-24');
    expect(xetra.closures[0].reason).toBe('Christmas Eve');
  });

  it('keep the New Year rule of NYSE Rule 7.2: 1 January 2028 is a Saturday and 31 December 2027 trades', () => {
    expect(new MarketCalendar(VENUES.XNYS).isTradingDay('2027-12-31')).toBe(true);
  });
});
