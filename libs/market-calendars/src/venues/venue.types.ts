import type { LocalDate, LocalTime } from '../sessions/local-time';

/** The calendars this library knows, by ISO 10383 MIC where the venue has one. */
export const VENUE_IDS = ['XNYS', 'XNAS', 'XLON', 'XETR', 'XTKS', 'XHKG', 'CME-EQUITY', 'FX', 'CRYPTO'] as const;
export type VenueId = (typeof VENUE_IDS)[number];

export function isVenueId(value: unknown): value is VenueId {
  return typeof value === 'string' && (VENUE_IDS as readonly string[]).includes(value);
}

/** A point in venue-local time: a calendar date and a wall-clock time. */
export interface LocalDateTime {
  date: LocalDate;
  time: LocalTime;
}

/** One stretch of continuous trading, in venue-local time. */
export interface LocalSegment {
  start: LocalDateTime;
  end: LocalDateTime;
}

export type SessionKind = 'regular' | 'early-close';

/**
 * What a venue does on one trade date, in local time: the trading segments in order (a gap between
 * two is a break: a lunch break, or a holiday halt that belongs to this trade date), the kind, and
 * why it is short when it is.
 */
export interface SessionPlan {
  date: LocalDate;
  kind: SessionKind;
  segments: LocalSegment[];
  preOpen?: LocalDateTime;
  reason?: string;
}

/** A day's plan or, when the venue does not trade that date, why (null reason: a weekend). */
export type DayPlan = { session: SessionPlan; closure?: undefined } | { session: null; closure: string | null };

/** Regular hours of a venue as published, for listings (the session plans are the truth). */
export interface RegularHours {
  open: LocalTime;
  close: LocalTime;
  /** True when a session opens on the evening of the previous day (CME Globex, FX). */
  opensPreviousDay: boolean;
  preOpen: LocalTime | null;
  breaks: { start: LocalTime; end: LocalTime }[];
  /** Close on a scheduled half day, when the venue has them. */
  earlyClose: LocalTime | null;
  /** ISO weekdays (1 = Monday … 7 = Sunday) with trading in local time. */
  weekdays: number[];
}

/** A venue: identity, time zone, regular hours and the rule that plans each trade date. */
export interface VenueDefinition {
  id: VenueId;
  name: string;
  mic: string | null;
  timeZone: string;
  /** Never closes (crypto): status is always open, there is no next open or close. */
  continuous: boolean;
  regularHours: RegularHours;
  description: string;
  /** Where the hours and holiday rules come from. */
  sources: string[];
  plan(date: LocalDate): DayPlan;
}

/** An unscheduled change an operator adds by configuration: a full closure, or an early close at `closeAt`. */
export interface CalendarAdjustment {
  venue: VenueId;
  date: LocalDate;
  closeAt?: LocalTime;
  reason: string;
}
