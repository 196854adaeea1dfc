import type { ALERT_COMPARISONS, ALERT_REDUCERS, ALERT_SEVERITIES } from '@app/infrastructure';

export type Comparison = (typeof ALERT_COMPARISONS)[number];
export type Severity = (typeof ALERT_SEVERITIES)[number];
export type Reducer = (typeof ALERT_REDUCERS)[number];

/** `expr`: the series, reduced over `windowMs` (`last` = newest point), compared with `threshold`. */
export interface AlertExpr {
  series: string;
  comparison: Comparison;
  threshold: number;
  /** How long the condition must hold before pending turns into firing. */
  forMs: number;
  reduce: Reducer;
  windowMs: number;
}

export interface AlertRule {
  id: string;
  name: string;
  expr: AlertExpr;
  severity: Severity;
  /** `config` rules come from ai-orchestration.yml and cannot be deleted through the API. */
  source: 'config' | 'api';
  createdAt: Date;
}

export type AlertStateName = 'inactive' | 'pending' | 'firing';

export interface AlertState {
  state: AlertStateName;
  /** When the current state began. */
  since: Date | null;
  /** Last evaluated value; null without data. */
  value: number | null;
  evaluatedAt: Date | null;
}

/** One state change in the alert history. */
export interface AlertEvent {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: Severity;
  /** pending, firing, resolved (firing → inactive) or cancelled (pending → inactive). */
  kind: 'pending' | 'firing' | 'resolved' | 'cancelled';
  value: number | null;
  threshold: number;
  silenced: boolean;
  at: Date;
  /** The replica whose evaluation saw the change (alert state is per replica); null before 0002. */
  replica: string | null;
}

/** What `monitoring_alert_states` holds for one replica and rule (inactive alerts have no row). */
export interface StoredAlertState {
  replica: string;
  ruleId: string;
  ruleName: string;
  /** `resolved`: the alert went firing → inactive and the resolved notification is still owed. */
  state: 'pending' | 'firing' | 'resolved';
  /** When the current state began (resolved: when it resolved). */
  since: Date;
  /** When it started firing (firing, resolved). */
  firingSince: Date | null;
  value: number | null;
  evaluatedAt: Date;
  /** Firing: the firing notification reached every webhook. Resolved: always false. */
  notified: boolean;
  /** Bumped by every transition; writes are compare-and-set on it. */
  version: number;
}

export interface Silence {
  id: string;
  /** Null matches every rule. */
  ruleName: string | null;
  /** Null matches every severity. */
  severity: Severity | null;
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdBy: string | null;
  createdAt: Date;
}

export function compare(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

export function reduce(values: number[], reducer: Reducer): number | null {
  if (!values.length) return null;
  switch (reducer) {
    case 'last':
      return values[values.length - 1];
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
  }
}
