import type { Selectable } from 'kysely';
import {
  DatabaseDialect,
  fromDbBoolean,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
} from '@app/infrastructure';
import type { AlertEvent, AlertExpr, AlertRule, Severity, Silence, StoredAlertState } from '../alerts/alert.types';
import type { AlertEventRow, AlertRuleRow, AlertStateRow, SilenceRow } from './tables';

/** A stored rule (always `source: api`; config rules are never stored). */
export function toAlertRule(dialect: DatabaseDialect, row: Selectable<AlertRuleRow>): AlertRule {
  return {
    id: row.id,
    tenant: row.tenant ?? null,
    createdBy: row.created_by ?? null,
    name: row.name,
    expr: fromDbJson<AlertExpr>(dialect, row.expr) as AlertExpr,
    severity: row.severity as Severity,
    source: 'api',
    createdAt: fromDbTimestamp(row.created_at),
  };
}

/** A history event. */
export function toAlertEvent(row: Selectable<AlertEventRow>): AlertEvent {
  return {
    id: row.id,
    tenant: row.tenant ?? null,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    severity: row.severity as Severity,
    kind: row.kind as AlertEvent['kind'],
    value: row.value === null ? null : Number(row.value),
    threshold: Number(row.threshold),
    silenced: fromDbBoolean(row.silenced),
    at: fromDbTimestamp(row.at),
    replica: row.replica ?? null,
  };
}

/** A stored silence. */
export function toSilence(row: Selectable<SilenceRow>): Silence {
  return {
    id: row.id,
    tenant: row.tenant ?? null,
    ruleName: row.rule_name ?? null,
    severity: (row.severity as Severity | null) ?? null,
    startsAt: fromDbTimestamp(row.starts_at),
    endsAt: fromDbTimestamp(row.ends_at),
    comment: row.comment,
    createdBy: row.created_by ?? null,
    createdAt: fromDbTimestamp(row.created_at),
  };
}

/** One replica's stored state of one rule. */
export function toAlertState(row: Selectable<AlertStateRow>): StoredAlertState {
  return {
    replica: row.replica,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    state: row.state,
    since: fromDbTimestamp(row.since),
    firingSince: fromDbTimestampOrNull(row.firing_since),
    value: row.value === null || row.value === undefined ? null : Number(row.value),
    evaluatedAt: fromDbTimestamp(row.evaluated_at),
    notified: fromDbBoolean(row.notified),
    version: fromDbInteger(row.version),
  };
}
