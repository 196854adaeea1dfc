import type { DataProblem } from './data-quality.types';

/** Candle intervals the freshness and gap checks understand (others are checked for order and volume only). */
export const CANDLE_INTERVALS = ['1m', '5m', '15m', '30m', '1h', '4h', '1d'] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];

export const INTERVAL_MS: Readonly<Record<CandleInterval, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/** Numeric times below this are Unix seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;

/** A candle as the checks need it: where it is in the request, its time in epoch ms and its volume. */
export interface TimedCandle {
  index: number;
  timeMs: number;
  volume: number;
}

/**
 * The candles' times in epoch ms (ISO-8601 strings parsed, Unix seconds scaled), or null when the
 * series is not well-formed enough to check (not objects, unparseable or mixed time kinds, no
 * numeric volume): the engine's own validation then reports it.
 */
export function timedCandles(candles: readonly unknown[]): TimedCandle[] | null {
  const kinds = new Set<string>();
  const raw: { time: number; volume: number }[] = [];
  for (const c of candles) {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) return null;
    const { time, volume } = c as { time?: unknown; volume?: unknown };
    const ms = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : NaN;
    if (!Number.isFinite(ms) || typeof volume !== 'number' || !Number.isFinite(volume)) return null;
    kinds.add(typeof time);
    raw.push({ time: ms, volume });
  }
  if (kinds.size > 1) return null;
  const seconds = kinds.has('number') && raw.every((c) => Math.abs(c.time) < SECONDS_BELOW);
  return raw.map((c, index) => ({ index, timeMs: seconds ? c.time * 1000 : c.time, volume: c.volume }));
}

/** Duplicate and out-of-order times, each naming the candle (`candles[7].time`). */
export function orderProblems(series: readonly TimedCandle[], path: string, max: number): DataProblem[] {
  const problems: DataProblem[] = [];
  for (let i = 1; i < series.length && problems.length < max; i++) {
    const previous = series[i - 1].timeMs;
    if (series[i].timeMs > previous) continue;
    const at = new Date(series[i].timeMs).toISOString();
    if (series[i].timeMs === previous) {
      const message = `duplicate: same time as ${path}[${i - 1}] (${at})`;
      problems.push({ check: 'duplicate', field: `${path}[${i}].time`, message });
    } else if (series[i].timeMs < previous) {
      const message = `out-of-order: ${at} is earlier than ${path}[${i - 1}] (${new Date(previous).toISOString()})`;
      problems.push({ check: 'out-of-order', field: `${path}[${i}].time`, message });
    }
  }
  return problems;
}

/** What repairing a series did: repeated candles of one time dropped (the last of them kept). */
export interface SeriesRepairs {
  duplicatesDropped: number;
}

/**
 * Drops a candle whose time repeats the one before it, keeping the last of them (a feed's later
 * print corrects an earlier one). Out-of-order times are left alone: sorting would guess which
 * timestamp is wrong, so the engines' own validation refuses them under every policy.
 */
export function dropDuplicates<T>(
  candles: readonly T[],
  series: readonly TimedCandle[],
): {
  candles: T[];
  /** The repaired series, indexed by position in `candles`. */
  series: TimedCandle[];
  /** The same candles, indexed by position in the request. */
  kept: TimedCandle[];
  repairs: SeriesRepairs;
} {
  const kept = series.filter((c, i) => i === series.length - 1 || series[i + 1].timeMs !== c.timeMs);
  // Nothing repeated (the usual case): the request's own candles, not a copy of 500 of them.
  if (kept.length === series.length) {
    return { candles: candles as T[], series: kept, kept, repairs: { duplicatesDropped: 0 } };
  }
  return {
    candles: kept.map((c) => candles[c.index]),
    series: kept.map((c, index) => ({ ...c, index })),
    kept,
    repairs: { duplicatesDropped: series.length - kept.length },
  };
}

/**
 * The interval of a series: the median spacing of its candles when it is one of
 * CANDLE_INTERVALS (weekends, holidays and overnight gaps do not move a median), else null.
 */
export function inferInterval(series: readonly TimedCandle[]): CandleInterval | null {
  const steps = series
    .slice(1)
    .map((c, i) => c.timeMs - series[i].timeMs)
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  if (!steps.length) return null;
  const median = steps[Math.floor(steps.length / 2)];
  return CANDLE_INTERVALS.find((interval) => INTERVAL_MS[interval] === median) ?? null;
}

/** Runs of at least `minRun` consecutive zero-volume candles (0 turns the check off). */
export function zeroVolumeProblems(series: readonly TimedCandle[], path: string, minRun: number, max: number) {
  const problems: DataProblem[] = [];
  if (minRun <= 0) return problems;
  let start = 0;
  for (let i = 0; i <= series.length && problems.length < max; i++) {
    if (i < series.length && series[i].volume === 0) continue;
    const length = i - start;
    if (length >= minRun) {
      const [first, last] = [series[start], series[i - 1]];
      const span = `${new Date(first.timeMs).toISOString()} to ${new Date(last.timeMs).toISOString()}`;
      const where = `${path}[${first.index}]…[${last.index}]`;
      const message = `zero-volume: ${length} consecutive candles without volume, ${where} (${span})`;
      problems.push({ check: 'zero-volume', field: `${path}[${first.index}].volume`, message });
    }
    start = i + 1;
  }
  return problems;
}
