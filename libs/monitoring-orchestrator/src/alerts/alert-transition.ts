import type { AlertEvent, AlertRule, AlertState, StoredAlertState } from './alert.types';

/** The in-memory state of one rule: the fast path; the state table is the durable copy. */
export interface Entry extends AlertState {
  /** When the alert started firing; kept while a resolved notification is owed. */
  firingSince: Date | null;
  /** Version of this replica's row in monitoring_alert_states; 0 = no row. */
  version: number;
  /** Firing: the firing notification reached every webhook. Inactive with a row: resolved is owed. */
  notified: boolean;
  /** `evaluated_at` as last written (the heartbeat that keeps other replicas from sweeping the row). */
  storedAt: Date | null;
  /** Restored at start and not yet evaluated on data: no data keeps the state for a while. */
  restored: boolean;
  /** Restored firing alert whose notification never got through: sent once if it still fires. */
  owedFiring: boolean;
}

export const INACTIVE: Entry = {
  state: 'inactive',
  since: null,
  value: null,
  evaluatedAt: null,
  firingSince: null,
  version: 0,
  notified: true,
  storedAt: null,
  restored: false,
  owedFiring: false,
};

/** A rule's next state and the events its change makes (none when the state stays). */
export interface Transition {
  next: Entry;
  kinds: AlertEvent['kind'][];
}

/**
 * The state machine of one rule, given whether its condition holds at `now`:
 *   inactive → pending   when the condition first holds;
 *   pending  → firing    once it has held for `forMs` (immediately when forMs is 0);
 *   pending  → inactive  if it stops holding first (recorded as cancelled, nobody notified);
 *   firing   → inactive  when it stops holding (recorded and notified as resolved).
 */
export function transition(prev: Entry, holds: boolean, value: number | null, now: Date, forMs: number): Transition {
  const next: Entry = { ...prev, value, evaluatedAt: now, restored: false, owedFiring: false };
  const kinds: AlertEvent['kind'][] = [];
  if (holds && prev.state === 'inactive') {
    Object.assign(next, { state: 'pending', since: now, firingSince: null });
    kinds.push('pending');
  }
  if (holds && next.state === 'pending' && now.getTime() - (next.since as Date).getTime() >= forMs) {
    Object.assign(next, { state: 'firing', since: now, firingSince: now });
    kinds.push('firing');
  }
  if (!holds && prev.state === 'pending') {
    Object.assign(next, { state: 'inactive', since: now, firingSince: null });
    kinds.push('cancelled');
  }
  if (!holds && prev.state === 'firing') {
    Object.assign(next, { state: 'inactive', since: now });
    kinds.push('resolved');
  }
  return { next, kinds };
}

/** The row `replica` stores for `entry` (inactive with a row: a resolved notification is owed). */
export function toStoredState(
  replica: string,
  rule: AlertRule,
  entry: Entry,
  notified: boolean,
): Omit<StoredAlertState, 'version'> {
  return {
    replica,
    ruleId: rule.id,
    ruleName: rule.name,
    state: entry.state === 'inactive' ? 'resolved' : entry.state,
    since: entry.since as Date,
    firingSince: entry.firingSince,
    value: entry.value,
    evaluatedAt: entry.evaluatedAt as Date,
    notified,
  };
}

/** The in-memory entry of a stored row. */
export function fromStoredState(row: StoredAlertState): Entry {
  return {
    state: row.state === 'resolved' ? 'inactive' : row.state,
    since: row.since,
    value: row.value,
    evaluatedAt: row.evaluatedAt,
    firingSince: row.firingSince,
    version: row.version,
    notified: row.notified,
    storedAt: row.evaluatedAt,
    restored: false,
    owedFiring: false,
  };
}

/** The history event of a transition of `rule`, as AlertEventRepository.record takes it. */
export function eventOf(
  rule: AlertRule,
  kind: AlertEvent['kind'],
  value: number | null,
  silenced: boolean,
  at: Date,
  replica: string,
): Omit<AlertEvent, 'id'> {
  const { tenant, id: ruleId, name: ruleName, severity } = rule;
  return { tenant, ruleId, ruleName, severity, kind, value, threshold: rule.expr.threshold, silenced, at, replica };
}
