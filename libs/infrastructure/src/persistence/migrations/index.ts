import type { Migration } from 'kysely';
import { createAuditLog } from './0001_infrastructure_audit_log';
import { chainAuditLog } from './0002_infrastructure_audit_chain';
import { createQueuePauses } from './0001_queues_pauses';

// The keys are the names Kysely records in kysely_migration_<namespace>: frozen once shipped,
// whatever the files are called. Append new ones with the next number; never rename or edit one.

/** Migrations of the `infrastructure` namespace (the audit log), registered by PersistenceModule itself. */
export const infrastructureMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_audit_log': createAuditLog,
  '0002_audit_chain': chainAuditLog,
});

/** Namespace of the queue pause store; libraries whose migrations read it list it in `dependsOn`. */
export const QUEUES_NAMESPACE = 'queues';

/** Migrations of the `queues` namespace, registered by WorkCoreModule. */
export const queueMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_queues_pauses': createQueuePauses,
});
