import {
  addDays,
  localDateOf,
  tradingIntervalsOf,
  utcDateOf,
  type LocalDate,
  type MarketCalendar,
} from '@app/market-calendars';
import { STALENESS_PATTERN } from '@app/infrastructure';
import { CandleInterval, INTERVAL_MS, TimedCandle } from './candle-series';
import type { DataProblem } from './data-quality.types';

const DAY_MS = 86_400_000;
/** Longest stretch of calendar days one gap or staleness count walks (a longer one is reported as such). */
const MAX_WALK_DAYS = 400;

/** A staleness bound: market time (m, h) or completed trading days (d). */
export type Staleness = { unit: 'market-time'; ms: number } | { unit: 'trading-days'; days: number };

/** A configured staleness (`15m`, `3h`, `1d`) as a bound; RangeError for one the config would not pass. */
export function parseStaleness(value: string): Staleness {
  if (!STALENESS_PATTERN.test(value)) throw new RangeError(`invalid staleness '${value}'`);
  const amount = Number(value.slice(0, -1));
  const unit = value.slice(-1);
  if (unit === 'd') return { unit: 'trading-days', days: amount };
  return { unit: 'market-time', ms: amount * (unit === 'h' ? 3_600_000 : 60_000) };
}

/**
 * The trade date of a candle: a daily candle stamped at 00:00 UTC is that UTC date (the usual
 * convention of daily data); any other time is read in the venue's time zone.
 */
export function tradeDateOf(timeMs: number, calendar: MarketCalendar): LocalDate {
  if (timeMs % DAY_MS === 0) return utcDateOf(timeMs);
  return localDateOf(new Date(timeMs), calendar.venue.timeZone);
}

/** Milliseconds the venue traded within [fromMs, toMs), counting up to just past `capMs`. */
export function marketTimeBetween(calendar: MarketCalendar, fromMs: number, toMs: number, capMs = Infinity): number {
  const zone = calendar.venue.timeZone;
  const last = addDays(localDateOf(new Date(toMs), zone), 1);
  let total = 0;
  let date = addDays(localDateOf(new Date(fromMs), zone), -4);
  for (let days = 0; date <= last && total <= capMs && days < MAX_WALK_DAYS + 8; days++, date = addDays(date, 1)) {
    const session = calendar.session(date);
    if (!session) continue;
    for (const { start, end } of tradingIntervalsOf(session)) {
      total += Math.max(0, Math.min(end.getTime(), toMs) - Math.max(start.getTime(), fromMs));
    }
  }
  return total;
}

/** Trading dates strictly after `after` whose session has closed by `nowMs` (at most MAX_WALK_DAYS walked). */
function closedTradingDaysAfter(calendar: MarketCalendar, after: LocalDate, nowMs: number): number {
  let count = 0;
  let date = addDays(after, 1);
  for (let i = 0; i < MAX_WALK_DAYS; i++, date = addDays(date, 1)) {
    const session = calendar.session(date);
    if (session && session.open.getTime() > nowMs) break;
    if (session && session.close.getTime() <= nowMs) count++;
  }
  return count;
}

/** The instant a candle's data is complete: its session's close for a daily candle, else time + interval. */
function candleEnd(candle: TimedCandle, interval: CandleInterval, calendar: MarketCalendar): number {
  if (interval !== '1d') return candle.timeMs + INTERVAL_MS[interval];
  return calendar.session(tradeDateOf(candle.timeMs, calendar))?.close.getTime() ?? candle.timeMs + DAY_MS;
}

/**
 * Whether the last candle is older than `maxAge` allows, measured on the venue's calendar: market
 * time since the candle ended (m, h), or trading days that have closed since its trade date (d).
 * A market that has been closed since the candle ended is never stale.
 */
export function stalenessProblem(
  series: readonly TimedCandle[],
  path: string,
  interval: CandleInterval,
  calendar: MarketCalendar,
  nowMs: number,
  maxAge: string,
): DataProblem | null {
  const last = series[series.length - 1];
  if (!last) return null;
  const bound = parseStaleness(maxAge);
  const venue = calendar.venue.id;
  const field = `${path}[${last.index}].time`;
  const allowed = `more than the ${maxAge} allowed for ${interval} candles`;
  if (bound.unit === 'trading-days') {
    const date = tradeDateOf(last.timeMs, calendar);
    const closed = closedTradingDaysAfter(calendar, date, nowMs);
    if (closed <= bound.days) return null;
    const since = `${closed} ${venue} trading day(s) have closed since`;
    return { check: 'stale', field, message: `stale: the last candle is of ${date}; ${since}, ${allowed}` };
  }
  const endMs = candleEnd(last, interval, calendar);
  if (marketTimeBetween(calendar, endMs, nowMs, bound.ms) <= bound.ms) return null;
  const since = new Date(endMs).toISOString();
  const message = `stale: the last candle ended ${since}; ${venue} has traded ${allowed} since`;
  return { check: 'stale', field, message };
}

/**
 * Missing candles between consecutive ones, beyond the venue's sessions: trading days without a
 * daily candle, or at least one interval of trading between intraday candles (nights, weekends,
 * holidays and lunch breaks are not gaps). Each gap names the candle after it.
 */
export function gapProblems(
  series: readonly TimedCandle[],
  path: string,
  interval: CandleInterval,
  calendar: MarketCalendar,
  max: number,
): DataProblem[] {
  const problems: DataProblem[] = [];
  const venue = calendar.venue.id;
  const stepMs = INTERVAL_MS[interval];
  // Each candle's trade date once, not once as the later and once as the earlier of a pair.
  const tradeDates = interval === '1d' ? series.map((candle) => tradeDateOf(candle.timeMs, calendar)) : [];
  for (let i = 1; i < series.length && problems.length < max; i++) {
    const [before, after] = [series[i - 1], series[i]];
    const field = `${path}[${after.index}].time`;
    if (interval === '1d') {
      const [from, to] = [tradeDates[i - 1], tradeDates[i]];
      const missing = missingTradingDays(calendar, from, to);
      if (!missing.length) continue;
      const dates = `${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}`;
      const gap = `${missing.length} ${venue} trading day(s) without a candle`;
      const message = `gap: ${gap} between ${from} and ${to} (${dates})`;
      problems.push({ check: 'gap', field, message });
      continue;
    }
    const endMs = before.timeMs + stepMs;
    if (after.timeMs - endMs < stepMs) continue;
    const traded = marketTimeBetween(calendar, endMs, after.timeMs);
    const count = Math.floor(traded / stepMs);
    if (count < 1) continue;
    const between = `${new Date(before.timeMs).toISOString()} and ${new Date(after.timeMs).toISOString()}`;
    const message = `gap: ${count} ${interval} candle(s) of ${venue} trading missing between ${between}`;
    problems.push({ check: 'gap', field, message });
  }
  return problems;
}

/** Trading dates strictly between two trade dates (at most MAX_WALK_DAYS walked). */
function missingTradingDays(calendar: MarketCalendar, from: LocalDate, to: LocalDate): LocalDate[] {
  const missing: LocalDate[] = [];
  let date = addDays(from, 1);
  for (let i = 0; date < to && i < MAX_WALK_DAYS; i++, date = addDays(date, 1)) {
    if (calendar.isTradingDay(date)) missing.push(date);
  }
  return missing;
}
