import type { Migration } from 'kysely';
import { createAuditLog } from './0001_audit_log';
import { chainAuditLog } from './0002_audit_chain';

/**
 * Migrations of the `infrastructure` namespace, registered by PersistenceModule itself.
 * Append new ones with the next number; never rename or edit one that has shipped.
 */
export const infrastructureMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_audit_log': createAuditLog,
  '0002_audit_chain': chainAuditLog,
});
