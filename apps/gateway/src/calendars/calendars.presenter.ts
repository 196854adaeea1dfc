import type { MarketClosure, MarketSession, MarketStatus, VenueDescription } from '@app/market-calendars';
import { MARKET_STATES, VENUE_IDS } from '@app/market-calendars';

export const CALENDARS_PATH = '/api/v1/calendars';

/** A venue as listed: identity, time zone, regular hours with breaks, and the sources of its rules. */
export function presentVenue(venue: VenueDescription) {
  return {
    id: venue.id,
    name: venue.name,
    mic: venue.mic,
    timeZone: venue.timeZone,
    continuous: venue.continuous,
    regularHours: venue.regularHours,
    description: venue.description,
    sources: venue.sources,
    links: { sessions: `${CALENDARS_PATH}/${venue.id}/sessions`, status: `${CALENDARS_PATH}/${venue.id}/status` },
  };
}

/** A session with its instants in UTC (ISO 8601). */
export function presentSession(session: MarketSession) {
  return {
    date: session.date,
    kind: session.kind,
    preOpen: session.preOpen?.toISOString() ?? null,
    open: session.open.toISOString(),
    close: session.close.toISOString(),
    breaks: session.breaks.map((b) => ({ start: b.start.toISOString(), end: b.end.toISOString() })),
    reason: session.reason,
  };
}

/** The sessions and the weekday closures of a range of trade dates. */
export function presentSessions(
  venue: VenueDescription,
  range: { from: string; to: string },
  found: { sessions: MarketSession[]; closures: MarketClosure[] },
) {
  return {
    venue: venue.id,
    timeZone: venue.timeZone,
    from: range.from,
    to: range.to,
    sessions: found.sessions.map(presentSession),
    closures: found.closures.map((c) => ({ date: c.date, reason: c.reason })),
  };
}

export function presentStatus(status: MarketStatus) {
  return {
    venue: status.venue,
    at: status.at.toISOString(),
    state: status.state,
    session: status.session ? presentSession(status.session) : null,
    nextOpen: status.nextOpen?.toISOString() ?? null,
    nextClose: status.nextClose?.toISOString() ?? null,
  };
}

const LOCAL_TIME = { type: 'string', pattern: '^\\d{2}:\\d{2}$' };
const INSTANT = { type: 'string', format: 'date-time' };

export const VENUE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', enum: [...VENUE_IDS], example: 'XHKG' },
    name: { type: 'string', example: 'Hong Kong Stock Exchange (HKEX)' },
    mic: { type: 'string', nullable: true, example: 'XHKG' },
    timeZone: { type: 'string', example: 'Asia/Hong_Kong' },
    continuous: { type: 'boolean', example: false },
    regularHours: {
      type: 'object',
      properties: {
        open: { ...LOCAL_TIME, example: '09:30' },
        close: { ...LOCAL_TIME, example: '16:00' },
        opensPreviousDay: { type: 'boolean', example: false },
        preOpen: { ...LOCAL_TIME, nullable: true, example: '09:00' },
        breaks: { type: 'array', items: { type: 'object', properties: { start: LOCAL_TIME, end: LOCAL_TIME } } },
        earlyClose: { ...LOCAL_TIME, nullable: true, example: '12:00' },
        weekdays: { type: 'array', items: { type: 'integer' }, example: [1, 2, 3, 4, 5] },
      },
      example: {
        open: '09:30',
        close: '16:00',
        opensPreviousDay: false,
        preOpen: '09:00',
        breaks: [{ start: '12:00', end: '13:00' }],
        earlyClose: '12:00',
        weekdays: [1, 2, 3, 4, 5],
      },
    },
    description: { type: 'string', example: 'New York Stock Exchange' },
    sources: { type: 'array', items: { type: 'string' }, example: ['HKEX "Trading calendar and holiday schedule"'] },
    links: {
      type: 'object',
      properties: {
        sessions: { type: 'string', example: '/api/v1/calendars/XNYS/sessions' },
        status: { type: 'string', example: '/api/v1/calendars/XNYS/status' },
      },
    },
  },
};

export const SESSION_SCHEMA = {
  type: 'object',
  properties: {
    date: { type: 'string', format: 'date', example: '2026-11-27' },
    kind: { type: 'string', enum: ['regular', 'early-close'], example: 'early-close' },
    preOpen: { ...INSTANT, nullable: true, example: null },
    open: { ...INSTANT, example: '2026-11-27T14:30:00.000Z' },
    close: { ...INSTANT, example: '2026-11-27T18:00:00.000Z' },
    breaks: { type: 'array', items: { type: 'object', properties: { start: INSTANT, end: INSTANT } }, example: [] },
    reason: { type: 'string', nullable: true, example: 'Day after Thanksgiving' },
  },
};

export const SESSIONS_SCHEMA = {
  type: 'object',
  properties: {
    venue: { type: 'string', example: 'XNYS' },
    timeZone: { type: 'string', example: 'America/New_York' },
    from: { type: 'string', format: 'date', example: '2026-11-26' },
    to: { type: 'string', format: 'date', example: '2026-11-27' },
    sessions: { type: 'array', items: SESSION_SCHEMA },
    closures: {
      type: 'array',
      items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, reason: { type: 'string' } } },
      example: [{ date: '2026-11-26', reason: 'Thanksgiving Day' }],
    },
  },
};

export const STATUS_SCHEMA = {
  type: 'object',
  properties: {
    venue: { type: 'string', example: 'XTKS' },
    at: { ...INSTANT, example: '2026-06-02T03:00:00.000Z' },
    state: { type: 'string', enum: [...MARKET_STATES], example: 'break' },
    session: { ...SESSION_SCHEMA, nullable: true },
    nextOpen: { ...INSTANT, nullable: true, example: '2026-06-02T03:30:00.000Z' },
    nextClose: { ...INSTANT, nullable: true, example: '2026-06-02T06:30:00.000Z' },
  },
};
