import type { DataPolicy } from '@app/infrastructure';
import type { VenueId } from '@app/market-calendars';
import type { CandleInterval, SeriesRepairs } from './candle-series';

export const DATA_CHECKS = ['stale', 'gap', 'duplicate', 'out-of-order', 'zero-volume'] as const;
export type DataCheck = (typeof DATA_CHECKS)[number];

/** One problem a data check found, naming the field (`input.candles[7].time`) and what is wrong. */
export interface DataProblem {
  check: DataCheck;
  field: string;
  message: string;
}

/** What the checks saw of one candle series of a task's input. */
export interface SeriesReport {
  /** Where the series is in the input: `candles`, `benchmark.candles`, `assets[2].candles`. */
  path: string;
  count: number;
  /** Inferred from the candles' spacing; null when it is none of the known intervals. */
  interval: CandleInterval | null;
  /** The calendar of the input's asset class; null where none models the market (bonds). */
  calendar: VenueId | null;
  repairs: SeriesRepairs;
}

/**
 * The data checks of one task: the tenant's policy, each candle series, and the problems found
 * (the task's warnings under `warn`; under `ignore` nothing is checked but the order repairs).
 */
export interface DataQualityReport {
  policy: DataPolicy;
  series: SeriesReport[];
  warnings: DataProblem[];
}
