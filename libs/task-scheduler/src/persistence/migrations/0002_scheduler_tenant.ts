import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * Schedules and runs belong to the tenant that created them (before this, every tenant saw every
 * schedule, and scheduled tasks ran in tenant `default`). Existing rows go to `default`, where
 * they ran before.
 */
export const addTenantOwnership: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    for (const table of ['scheduler_schedules', 'scheduler_runs']) {
      await db.schema
        .alterTable(table)
        .addColumn('tenant', t.text, (c) => c.notNull().defaultTo('default'))
        .execute();
      await db.schema.alterTable(table).addColumn('created_by', t.text).execute();
    }
    // Lists are per tenant, newest first.
    await db.schema
      .createIndex('scheduler_schedules_tenant_idx')
      .on('scheduler_schedules')
      .columns(['tenant', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('scheduler_runs_tenant_idx')
      .on('scheduler_runs')
      .columns(['tenant', 'created_at', 'id'])
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('scheduler_runs_tenant_idx').execute();
    await db.schema.dropIndex('scheduler_schedules_tenant_idx').execute();
    for (const table of ['scheduler_schedules', 'scheduler_runs']) {
      await db.schema.alterTable(table).dropColumn('created_by').execute();
      await db.schema.alterTable(table).dropColumn('tenant').execute();
    }
  },
};
