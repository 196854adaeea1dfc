import { addDays, isoWeekday } from '../sessions/local-time';
import type { VenueDefinition } from './venue.types';

/**
 * Spot FX, 24×5: the week opens Sunday 17:00 New York time and closes Friday 17:00, and each trade
 * date D runs from 17:00 on the day before to 17:00 on D (the New York close value-date roll), so
 * Monday–Friday sessions touch and the market is open throughout the week.
 */
export const FX: VenueDefinition = {
  id: 'FX',
  name: 'Spot foreign exchange (24×5)',
  mic: null,
  timeZone: 'America/New_York',
  continuous: false,
  regularHours: {
    open: '17:00',
    close: '17:00',
    opensPreviousDay: true,
    preOpen: null,
    breaks: [],
    earlyClose: null,
    weekdays: [1, 2, 3, 4, 5, 7],
  },
  description: '24 hours a day, 5 days a week: Sunday 17:00 to Friday 17:00 New York time',
  sources: ['Market convention: the New York 17:00 close (value-date roll) starts and ends the FX trading week'],
  plan: (date) =>
    isoWeekday(date) > 5
      ? { session: null, closure: null }
      : {
          session: {
            date,
            kind: 'regular',
            segments: [{ start: { date: addDays(date, -1), time: '17:00' }, end: { date, time: '17:00' } }],
          },
        },
};

/** Crypto trades 24×7: one session per UTC day, every day of the year, and the market never closes. */
export const CRYPTO: VenueDefinition = {
  id: 'CRYPTO',
  name: 'Crypto assets (24×7)',
  mic: null,
  timeZone: 'UTC',
  continuous: true,
  regularHours: {
    open: '00:00',
    close: '24:00',
    opensPreviousDay: false,
    preOpen: null,
    breaks: [],
    earlyClose: null,
    weekdays: [1, 2, 3, 4, 5, 6, 7],
  },
  description: '24/7, every day of the year (sessions are UTC days)',
  sources: ['Market convention: crypto venues trade continuously'],
  plan: (date) => ({
    session: { date, kind: 'regular', segments: [{ start: { date, time: '00:00' }, end: { date, time: '24:00' } }] },
  }),
};
