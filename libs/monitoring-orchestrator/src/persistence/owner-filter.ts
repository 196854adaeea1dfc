import type { ExpressionBuilder } from 'kysely';
import type { AlertOwner, OwnerFilter } from '../alerts/alert.types';
import type { MonitoringTables } from './tables';

/** Any monitoring table whose rows carry an owner: `tenant`, null for the system scope. */
type OwnedTable = 'monitoring_alert_rules' | 'monitoring_alert_events' | 'monitoring_silences';
type Owned = ExpressionBuilder<MonitoringTables, OwnedTable>;

/** `where` condition selecting the rows `filter` covers (every row for the system admin). */
export const ownedBy = (filter: OwnerFilter) => (eb: Owned) => {
  if (filter.all) return eb.and([]);
  const own = eb('tenant', '=', filter.tenant);
  return filter.system ? eb.or([own, eb('tenant', 'is', null)]) : own;
};

/** `where` condition selecting the rows of exactly one owner. */
export const ownerIs = (owner: AlertOwner) => (eb: Owned) =>
  owner === null ? eb('tenant', 'is', null) : eb('tenant', '=', owner);
