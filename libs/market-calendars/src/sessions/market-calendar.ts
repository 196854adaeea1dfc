import type { CalendarAdjustment, DayPlan, LocalSegment, VenueDefinition } from '../venues/venue.types';
import { addDays, daysBetween, localDateOf, localInstant, type LocalDate } from './local-time';
import type { MarketClosure, MarketSession, MarketStatus } from './session.types';

/** How far ahead a next open or close is looked for (longest real closures are under two weeks). */
const SEARCH_DAYS = 60;
/** Sessions that start the evening before, or carry a holiday halt, begin up to 4 days before their date. */
const LOOKBACK_DAYS = 4;
/** Days whose plan a calendar keeps (about 11 years); past it the memo starts again. */
const MEMO_DAYS = 4096;

interface Interval {
  start: number;
  end: number;
}

/**
 * One venue's calendar: its sessions as instants, whether and how it trades at an instant, and
 * when it next opens or closes. Pure (no clock, no Nest); operator adjustments (unscheduled closures
 * and early closes) are applied on top of the venue's published rules.
 */
export class MarketCalendar {
  private readonly adjustments: ReadonlyMap<LocalDate, CalendarAdjustment>;
  // Plans and their instants never change for a calendar; time-zone conversion is the costly part.
  private readonly memo = new Map<LocalDate, { session: MarketSession | null; closure: string | null }>();

  constructor(
    readonly venue: VenueDefinition,
    adjustments: readonly CalendarAdjustment[] = [],
  ) {
    this.adjustments = new Map(adjustments.filter((a) => a.venue === venue.id).map((a) => [a.date, a]));
  }

  /** The session of a trade date, or null when the venue does not trade that date. */
  session(date: LocalDate): MarketSession | null {
    return this.day(date).session;
  }

  isTradingDay(date: LocalDate): boolean {
    return this.day(date).session !== null;
  }

  /** Sessions of the trade dates `from`…`to` (inclusive), and the weekdays in between without one. */
  sessionsBetweenDates(from: LocalDate, to: LocalDate): { sessions: MarketSession[]; closures: MarketClosure[] } {
    const sessions: MarketSession[] = [];
    const closures: MarketClosure[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) {
      const day = this.day(date);
      if (day.session) sessions.push(day.session);
      else if (day.closure) closures.push({ venue: this.venue.id, date, reason: day.closure });
    }
    return { sessions, closures };
  }

  /** Sessions overlapping the interval [from, to), in order. */
  sessions(from: Date, to: Date): MarketSession[] {
    const first = addDays(localDateOf(from, this.venue.timeZone), -LOOKBACK_DAYS);
    const last = addDays(localDateOf(to, this.venue.timeZone), 1);
    return this.sessionsBetweenDates(first, last).sessions.filter((s) => s.open < to && s.close > from);
  }

  isOpen(at: Date): boolean {
    return this.stateAt(at).state === 'open';
  }

  status(at: Date): MarketStatus {
    const { state, session } = this.stateAt(at);
    return { venue: this.venue.id, at, state, session, nextOpen: this.nextOpen(at), nextClose: this.nextClose(at) };
  }

  private stateAt(at: Date): Pick<MarketStatus, 'state' | 'session'> {
    const t = at.getTime();
    const around = this.sessions(new Date(t - 86_400_000), new Date(t + 86_400_000));
    const session = around.find((s) => (s.preOpen ?? s.open).getTime() <= t && t < s.close.getTime()) ?? null;
    const trading = session !== null && this.segmentsOf(session).some((i) => i.start <= t && t < i.end);
    const state = !session ? 'closed' : trading ? 'open' : t < session.open.getTime() ? 'pre-open' : 'break';
    return { state: this.venue.continuous ? 'open' : state, session };
  }

  /** The next instant after `at` when trading starts (a session's open, or the end of a break). */
  nextOpen(at: Date): Date | null {
    if (this.venue.continuous) return null;
    const t = at.getTime();
    const next = this.tradingIntervals(at).find((i) => i.start > t);
    return next ? new Date(next.start) : null;
  }

  /** The next instant after `at` when trading stops (a session's close, or the start of a break). */
  nextClose(at: Date): Date | null {
    if (this.venue.continuous) return null;
    const t = at.getTime();
    const next = this.tradingIntervals(at).find((i) => i.end > t);
    return next ? new Date(next.end) : null;
  }

  /** Trading intervals from just before `at` up to SEARCH_DAYS ahead, touching ones merged (FX's week). */
  private tradingIntervals(at: Date): Interval[] {
    const from = addDays(localDateOf(at, this.venue.timeZone), -LOOKBACK_DAYS);
    const { sessions } = this.sessionsBetweenDates(from, addDays(from, SEARCH_DAYS));
    const merged: Interval[] = [];
    for (const interval of sessions.flatMap((s) => this.segmentsOf(s))) {
      const last = merged[merged.length - 1];
      if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
      else merged.push({ ...interval });
    }
    // An interval reaching the end of the search window may go on; it has no known close.
    const horizon = localInstant(addDays(from, SEARCH_DAYS), '00:00', this.venue.timeZone).getTime();
    return merged.filter((i) => i.end < horizon);
  }

  private segmentsOf(session: MarketSession): Interval[] {
    return tradingIntervalsOf(session).map((i) => ({ start: i.start.getTime(), end: i.end.getTime() }));
  }

  private day(date: LocalDate): { session: MarketSession | null; closure: string | null } {
    let day = this.memo.get(date);
    if (!day) {
      const plan = this.plan(date);
      day = plan.session
        ? { session: this.toSession(plan.session), closure: null }
        : { session: null, closure: plan.closure };
      if (this.memo.size >= MEMO_DAYS) this.memo.clear();
      this.memo.set(date, day);
    }
    return day;
  }

  private plan(date: LocalDate): DayPlan {
    const plan = this.venue.plan(date);
    const adjustment = this.adjustments.get(date);
    if (!adjustment || !plan.session) return plan;
    if (!adjustment.closeAt) return { session: null, closure: adjustment.reason };
    const cut = { date, time: adjustment.closeAt };
    const segments: LocalSegment[] = [];
    for (const segment of plan.session.segments) {
      if (compareLocal(segment.start, cut) >= 0) break;
      segments.push(compareLocal(segment.end, cut) > 0 ? { start: segment.start, end: cut } : segment);
    }
    if (segments.length === 0) return { session: null, closure: adjustment.reason };
    return { session: { ...plan.session, kind: 'early-close', segments, reason: adjustment.reason } };
  }

  private toSession(plan: NonNullable<DayPlan['session']>): MarketSession {
    const zone = this.venue.timeZone;
    const instant = (p: { date: LocalDate; time: string }) => localInstant(p.date, p.time, zone);
    const breaks = plan.segments.slice(1).map((segment, i) => ({
      start: instant(plan.segments[i].end),
      end: instant(segment.start),
    }));
    return {
      venue: this.venue.id,
      date: plan.date,
      kind: plan.kind,
      open: instant(plan.segments[0].start),
      close: instant(plan.segments[plan.segments.length - 1].end),
      breaks,
      preOpen: plan.preOpen ? instant(plan.preOpen) : null,
      reason: plan.reason ?? null,
    };
  }
}

/** The stretches of a session during which the venue trades: open to close without its breaks. */
export function tradingIntervalsOf(session: MarketSession): { start: Date; end: Date }[] {
  const intervals: { start: Date; end: Date }[] = [];
  let start = session.open;
  for (const pause of session.breaks) {
    intervals.push({ start, end: pause.start });
    start = pause.end;
  }
  intervals.push({ start, end: session.close });
  return intervals;
}

function compareLocal(a: { date: LocalDate; time: string }, b: { date: LocalDate; time: string }): number {
  return daysBetween(b.date, a.date) || (a.time < b.time ? -1 : a.time > b.time ? 1 : 0);
}
