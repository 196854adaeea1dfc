/** Public face of @app/market-calendars: exchange sessions, holidays, status and market triggers. */
export { MarketCalendarsModule } from './market-calendars.module';
export { MarketCalendars } from './market-calendars.service';
export { MarketCalendar, tradingIntervalsOf } from './sessions/market-calendar';
export { MARKET_STATES } from './sessions/session.types';
export type { MarketClosure, MarketSession, MarketState, MarketStatus, SessionBreak } from './sessions/session.types';
export { addDays, isLocalDate, LOCAL_DATE, localDateOf, utcDateOf } from './sessions/local-time';
export type { LocalDate, LocalTime } from './sessions/local-time';
export { VENUE_IDS, isVenueId } from './venues/venue.types';
export type { CalendarAdjustment, RegularHours, SessionKind, VenueId } from './venues/venue.types';
export { describeVenue } from './venues/venue-description';
export type { VenueDescription } from './venues/venue-description';
export {
  nextMarketFire,
  parseTriggerAt,
  parseTriggerEvery,
  TRIGGER_AT_PATTERN,
  TRIGGER_EVERY_PATTERN,
  validateMarketTrigger,
} from './triggers/market-trigger';
export type {
  MarketAtTrigger,
  MarketEveryTrigger,
  MarketTrigger,
  TriggerProblem,
} from './triggers/market-trigger.types';
