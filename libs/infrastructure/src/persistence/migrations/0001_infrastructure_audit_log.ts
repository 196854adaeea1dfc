import { Kysely, Migration } from 'kysely';
import { columnTypes } from '../column-types';
import type { AnySchema } from '../database';

/** Who did what to which resource, with what outcome: kept under a retention policy. */
export const createAuditLog: Migration = {
  async up(db: Kysely<AnySchema>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('audit_log')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('at', t.timestamp, (c) => c.notNull())
      .addColumn('principal_id', t.text)
      .addColumn('tenant', t.text)
      .addColumn('action', t.text, (c) => c.notNull())
      .addColumn('resource', t.text)
      .addColumn('outcome', t.text, (c) => c.notNull())
      .addColumn('details', t.json)
      .addColumn('request_id', t.text)
      .execute();
    // (at, id) serves the newest-first list, its cursor and the retention delete;
    // the tenant index serves the per-tenant list every tenant-scoped caller makes.
    await db.schema.createIndex('audit_log_at_id_idx').on('audit_log').columns(['at', 'id']).execute();
    await db.schema.createIndex('audit_log_tenant_at_id_idx').on('audit_log').columns(['tenant', 'at', 'id']).execute();
  },
  async down(db: Kysely<AnySchema>): Promise<void> {
    await db.schema.dropTable('audit_log').execute();
  },
};
