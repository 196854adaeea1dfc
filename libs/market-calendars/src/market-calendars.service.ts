import { Injectable } from '@nestjs/common';
import { AppError, Clock, ConfigError, MarketCalendarsSettings } from '@app/infrastructure';
import { daysBetween, isLocalDate, type LocalDate } from './sessions/local-time';
import { MarketCalendar } from './sessions/market-calendar';
import type { MarketClosure, MarketSession, MarketStatus } from './sessions/session.types';
import { nextMarketFire } from './triggers/market-trigger';
import type { MarketTrigger } from './triggers/market-trigger.types';
import { VENUES } from './venues/venue-catalog';
import { describeVenue, type VenueDescription } from './venues/venue-description';
import { VENUE_IDS, isVenueId, type CalendarAdjustment, type VenueId } from './venues/venue.types';

/** Adjustments from configuration, checked against the venues this library knows. */
export function toAdjustments(settings: MarketCalendarsSettings): CalendarAdjustment[] {
  return settings.adjustments.map((a, i) => {
    const setting = `marketCalendars.adjustments[${i}]`;
    if (!isVenueId(a.venue)) {
      throw new ConfigError([
        { setting: `${setting}.venue`, source: 'config', received: a.venue, allowed: `one of ${VENUE_IDS.join(', ')}` },
      ]);
    }
    if (!isLocalDate(a.date)) {
      throw new ConfigError([
        { setting: `${setting}.date`, source: 'config', received: a.date, allowed: 'a real date YYYY-MM-DD' },
      ]);
    }
    return { venue: a.venue, date: a.date, reason: a.reason, ...(a.closeAt ? { closeAt: a.closeAt } : {}) };
  });
}

/**
 * The calendars every library uses: sessions, status, next open/close and market-trigger firings of
 * each venue, with the operator's adjustments applied. "Now" is the injected Clock's.
 */
@Injectable()
export class MarketCalendars {
  private readonly calendars: ReadonlyMap<VenueId, MarketCalendar>;

  constructor(
    private readonly settings: MarketCalendarsSettings,
    private readonly clock: Clock,
  ) {
    const adjustments = toAdjustments(settings);
    this.calendars = new Map(VENUE_IDS.map((id) => [id, new MarketCalendar(VENUES[id], adjustments)]));
  }

  venues(): VenueDescription[] {
    return VENUE_IDS.map(describeVenue);
  }

  /** A venue's description; 404 NOT_FOUND for an unknown id. */
  venue(id: string): VenueDescription {
    return describeVenue(this.calendar(id).venue.id);
  }

  /** A venue's calendar engine; 404 NOT_FOUND for an unknown id. */
  calendar(id: string): MarketCalendar {
    const calendar = isVenueId(id) ? this.calendars.get(id) : undefined;
    if (!calendar) throw AppError.notFound('calendar', id);
    return calendar;
  }

  isOpen(venue: string, at: Date = this.clock.now()): boolean {
    return this.calendar(venue).isOpen(at);
  }

  status(venue: string, at: Date = this.clock.now()): MarketStatus {
    return this.calendar(venue).status(at);
  }

  nextOpen(venue: string, at: Date = this.clock.now()): Date | null {
    return this.calendar(venue).nextOpen(at);
  }

  nextClose(venue: string, at: Date = this.clock.now()): Date | null {
    return this.calendar(venue).nextClose(at);
  }

  isTradingDay(venue: string, date: LocalDate): boolean {
    return this.calendar(venue).isTradingDay(date);
  }

  /** Sessions overlapping [from, to). */
  sessions(venue: string, from: Date, to: Date): MarketSession[] {
    return this.calendar(venue).sessions(from, to);
  }

  /**
   * Sessions and closures of the trade dates `from`…`to` (inclusive), at most maxRangeDays of them:
   * 404 for an unknown venue, 400 VALIDATION_FAILED naming `to` for a reversed or too long range.
   */
  sessionsBetweenDates(
    venue: string,
    from: LocalDate,
    to: LocalDate,
  ): { sessions: MarketSession[]; closures: MarketClosure[] } {
    const calendar = this.calendar(venue);
    const days = daysBetween(from, to) + 1;
    if (days < 1) throw AppError.validation([{ field: 'to', message: 'must not be before from', value: to }]);
    if (days > this.settings.maxRangeDays) {
      throw AppError.validation([
        { field: 'to', message: `the range from..to must be at most ${this.settings.maxRangeDays} days`, value: to },
      ]);
    }
    return calendar.sessionsBetweenDates(from, to);
  }

  /** The next firing of a market trigger strictly after `after` (404 for an unknown calendar). */
  nextFire(trigger: MarketTrigger, after: Date = this.clock.now()): Date | null {
    return nextMarketFire(this.calendar(trigger.calendar), trigger, after);
  }
}
