import type { Migration } from 'kysely';
import { createAlertTables } from './0001_monitoring_alerts';
import { addAlertStates } from './0002_monitoring_alert_states';
import { addAlertOwners } from './0003_monitoring_alert_tenants';

/**
 * Migrations of the `monitoring` namespace. The keys are what Kysely stored in
 * kysely_migration_monitoring: frozen, whatever the file names. Append with the next number;
 * never edit a shipped one.
 */
export const monitoringMigrations: Record<string, Migration> = {
  '0001_alerts': createAlertTables,
  '0002_alert_states': addAlertStates,
  '0003_alert_tenants': addAlertOwners,
};
