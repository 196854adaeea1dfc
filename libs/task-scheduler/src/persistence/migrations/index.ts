import type { Migration } from 'kysely';
import { createSchedulerTables } from './0001_scheduler_tables';
import { addTenantOwnership } from './0002_scheduler_tenant';
import { moveQueuePauses } from './0003_scheduler_queue_pauses';
import { addMarketTriggers } from './0004_scheduler_market_triggers';
import { addSchedulerTrace } from './0005_scheduler_trace';

/**
 * Migrations of the `scheduler` namespace. The keys are what Kysely stored in
 * kysely_migration_scheduler: frozen, whatever the file names. Append with the next number;
 * never edit a shipped one.
 */
export const schedulerMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_scheduler': createSchedulerTables,
  '0002_scheduler_tenant': addTenantOwnership,
  '0003_scheduler_queue_pauses': moveQueuePauses,
  '0004_scheduler_market_triggers': addMarketTriggers,
  '0005_scheduler_trace': addSchedulerTrace,
});
