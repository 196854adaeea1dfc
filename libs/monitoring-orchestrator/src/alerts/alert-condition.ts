import type { MetricSampler } from '../series/metric-sampler';
import { AlertRule, Silence, compare, mutes, reduce } from './alert.types';

/** What one evaluation of a rule measured: the reduced value (null without data) and whether it breaches. */
export interface Measurement {
  value: number | null;
  holds: boolean;
}

/**
 * Reduces the rule's series over its window (`last` with no window: the newest point only) and
 * compares the result with its threshold. No data counts as "condition false".
 */
export function measure(rule: Pick<AlertRule, 'expr'>, sampler: Pick<MetricSampler, 'points'>): Measurement {
  const { expr } = rule;
  const points =
    expr.reduce === 'last' && expr.windowMs === 0
      ? sampler.points(expr.series).slice(-1)
      : sampler.points(expr.series, expr.windowMs);
  const value = reduce(
    points.map((p) => p.v),
    expr.reduce,
  );
  return { value, holds: value !== null && compare(value, expr.comparison, expr.threshold) };
}

/** True when any current silence mutes `rule` at `now`: events are recorded as silenced and not sent. */
export function isSilenced(silences: readonly Silence[], rule: AlertRule, now: Date): boolean {
  return silences.some((s) => mutes(s, rule, now));
}
