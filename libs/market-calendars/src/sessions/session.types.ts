import type { SessionKind, VenueId } from '../venues/venue.types';
import type { LocalDate } from './local-time';

/** A break inside a session: a lunch break, or a holiday halt that belongs to this trade date. */
export interface SessionBreak {
  start: Date;
  end: Date;
}

/** One trade date's session, as instants. `close` is the early close on a half day. */
export interface MarketSession {
  venue: VenueId;
  /** The trade date, in the venue's calendar. */
  date: LocalDate;
  kind: SessionKind;
  open: Date;
  close: Date;
  breaks: SessionBreak[];
  /** Start of the pre-opening (auction) phase, where the venue has one. */
  preOpen: Date | null;
  /** Why the session is short or carries a halt (e.g. "Christmas Eve"). */
  reason: string | null;
}

/** A weekday the venue does not trade, and why. */
export interface MarketClosure {
  venue: VenueId;
  date: LocalDate;
  reason: string;
}

export const MARKET_STATES = ['open', 'closed', 'pre-open', 'break'] as const;
export type MarketState = (typeof MARKET_STATES)[number];

/** Where a venue is at an instant, and when that next changes. */
export interface MarketStatus {
  venue: VenueId;
  at: Date;
  state: MarketState;
  /** The session the instant falls in (including its pre-open and breaks), if any. */
  session: MarketSession | null;
  /** Next instant trading starts (after a break too); null for a market that never closes. */
  nextOpen: Date | null;
  /** Next instant trading stops (for a break too); null for a market that never closes. */
  nextClose: Date | null;
}
