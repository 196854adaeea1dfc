import type { Kysely } from 'kysely';
import type { StoredAlertState } from '../alerts/alert.types';
import type {
  TimestampColumn as Timestamp,
  JsonColumn as Json,
  BooleanColumn as Bool,
  NumberColumn as Double,
  NumberColumn as Int,
  NullableTimestampColumn as NullableTimestamp,
  NullableNumberColumn as NullableDouble,
} from '@app/infrastructure';

/** `monitoring_alert_rules`: rules made through the API (config rules are never stored). */
export interface AlertRuleRow {
  id: string;
  /** Null: a system rule (0003_alert_tenants). */
  tenant: string | null;
  created_by: string | null;
  name: string;
  expr: Json;
  severity: string;
  created_at: Timestamp;
}

/** `monitoring_alert_events`: the alert history, bounded per owner by historyLimit. */
export interface AlertEventRow {
  id: string;
  tenant: string | null;
  rule_id: string;
  rule_name: string;
  severity: string;
  kind: string;
  value: NullableDouble;
  threshold: Double;
  silenced: Bool;
  at: Timestamp;
  replica: string | null;
}

/** `monitoring_silences`. */
export interface SilenceRow {
  id: string;
  tenant: string | null;
  rule_name: string | null;
  severity: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  comment: string;
  created_by: string | null;
  created_at: Timestamp;
}

/** `monitoring_alert_states`: the evaluator's durable state, one row per replica and rule (0002_alert_states). */
export interface AlertStateRow {
  replica: string;
  rule_id: string;
  rule_name: string;
  state: StoredAlertState['state'];
  since: Timestamp;
  firing_since: NullableTimestamp;
  value: NullableDouble;
  evaluated_at: Timestamp;
  notified: Bool;
  version: Int;
}

/** The monitoring tables as Kysely sees them (see migrations/). */
export interface MonitoringTables {
  monitoring_alert_rules: AlertRuleRow;
  monitoring_alert_events: AlertEventRow;
  monitoring_silences: SilenceRow;
  monitoring_alert_states: AlertStateRow;
}

export type MonitoringDb = Kysely<MonitoringTables>;
