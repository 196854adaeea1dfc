import type { DataPolicy } from '@app/infrastructure';
import type { MarketCalendar } from '@app/market-calendars';
import { gapProblems, stalenessProblem } from './candle-freshness';
import {
  CandleInterval,
  inferInterval,
  dropDuplicates,
  orderProblems,
  timedCandles,
  zeroVolumeProblems,
} from './candle-series';
import type { DataProblem, DataQualityReport, SeriesReport } from './data-quality.types';

/** Problems reported per check and series, so a 20,000-candle series cannot produce a huge answer. */
const MAX_PER_CHECK = 20;

/** What the checks of one task need: the tenant's policy and bounds, the venue's calendar and now. */
export interface CandleCheckContext {
  policy: DataPolicy;
  /** The calendar of the input's asset class; null skips the staleness and gap checks. */
  calendar: MarketCalendar | null;
  nowMs: number;
  staleness: Readonly<Record<CandleInterval, string>>;
  zeroVolumeRun: number;
}

export interface CandleCheckOutcome {
  /** The input the engine gets: repeated times dropped from each series (unless the policy rejects). */
  input: unknown;
  /** Null when the input holds no candles. */
  report: DataQualityReport | null;
  /** Every problem found (empty under `ignore`); under `reject` they are the 400's fields. */
  problems: DataProblem[];
}

interface SeriesSlot {
  path: string;
  candles: unknown[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The candle series of a task input: `candles`, `benchmark.candles` and `assets[i].candles`. */
function seriesOf(input: Obj): SeriesSlot[] {
  const slots: SeriesSlot[] = [];
  if (Array.isArray(input.candles)) slots.push({ path: 'candles', candles: input.candles });
  if (isObj(input.benchmark) && Array.isArray(input.benchmark.candles)) {
    slots.push({ path: 'benchmark.candles', candles: input.benchmark.candles });
  }
  if (Array.isArray(input.assets)) {
    input.assets.forEach((asset, i) => {
      if (!isObj(asset) || !Array.isArray(asset.candles)) return;
      slots.push({ path: `assets[${i}].candles`, candles: asset.candles });
    });
  }
  return slots;
}

/** The input with the series at `path` replaced (copies only what it changes). */
function withSeries(input: Obj, path: string, candles: unknown[]): Obj {
  if (path === 'candles') return { ...input, candles };
  if (path === 'benchmark.candles') return { ...input, benchmark: { ...(input.benchmark as Obj), candles } };
  const i = Number(/^assets\[(\d+)\]/.exec(path)?.[1]);
  const assets = [...(input.assets as unknown[])];
  assets[i] = { ...(assets[i] as Obj), candles };
  return { ...input, assets };
}

/**
 * Checks the candle series of a task input before analysis: duplicate or out-of-order times, a
 * last candle older than the staleness for its interval on the venue's calendar (a closed market
 * is not stale), gaps beyond the venue's sessions, and zero-volume runs. Pure; the policy decides
 * what the caller does with the problems. Unless the policy rejects, a repeated time is dropped
 * (the last candle of it kept); series the engine would refuse anyway (unparseable times, times
 * out of order) are left to its own validation.
 */
export function checkCandleInputs(input: unknown, ctx: CandleCheckContext): CandleCheckOutcome {
  if (!isObj(input)) return { input, report: null, problems: [] };
  const slots = seriesOf(input);
  if (!slots.length) return { input, report: null, problems: [] };
  let checked: Obj = input;
  const series: SeriesReport[] = [];
  const problems: DataProblem[] = [];
  for (const slot of slots) {
    const timed = timedCandles(slot.candles);
    if (!timed) continue;
    const field = `input.${slot.path}`;
    const repaired = dropDuplicates(slot.candles, timed);
    const interval = inferInterval(repaired.series);
    series.push({
      path: slot.path,
      count: slot.candles.length,
      interval,
      calendar: ctx.calendar?.venue.id ?? null,
      repairs: repaired.repairs,
    });
    // The input stays the request's object unless a candle was dropped (its text is then the request's too).
    if (ctx.policy !== 'reject' && repaired.repairs.duplicatesDropped > 0) {
      checked = withSeries(checked, slot.path, repaired.candles);
    }
    if (ctx.policy === 'ignore') continue;
    problems.push(...orderProblems(timed, field, MAX_PER_CHECK));
    // The other checks look at the series without its repeated times, in time order, naming candles
    // by their place in what is stored: the request under reject, else the repaired series.
    const view = [...(ctx.policy === 'reject' ? repaired.kept : repaired.series)].sort((a, b) => a.timeMs - b.timeMs);
    if (interval && ctx.calendar) {
      const maxAge = ctx.staleness[interval];
      const stale = stalenessProblem(view, field, interval, ctx.calendar, ctx.nowMs, maxAge);
      if (stale) problems.push(stale);
      problems.push(...gapProblems(view, field, interval, ctx.calendar, MAX_PER_CHECK));
    }
    problems.push(...zeroVolumeProblems(view, field, ctx.zeroVolumeRun, MAX_PER_CHECK));
  }
  if (!series.length) return { input, report: null, problems: [] };
  const warnings = ctx.policy === 'warn' ? problems : [];
  return { input: checked, report: { policy: ctx.policy, series, warnings }, problems };
}
