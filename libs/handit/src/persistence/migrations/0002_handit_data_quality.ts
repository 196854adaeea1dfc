import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * Task lineage (one row per task: digests of its data, model and parameters, and its data checks)
 * and per-tenant data policies. Tasks from before have no lineage (their lineage route is 404).
 */
export const addDataQuality: Migration = {
  async up(db: Kysely<any>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('handit_task_lineage')
      .addColumn('task_id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('digest', t.text, (c) => c.notNull())
      .addColumn('data_digest', t.text, (c) => c.notNull())
      .addColumn('parameters_digest', t.text, (c) => c.notNull())
      .addColumn('model_id', t.text, (c) => c.notNull())
      .addColumn('model_version', t.text, (c) => c.notNull())
      .addColumn('record', t.json, (c) => c.notNull())
      .addColumn('data_quality', t.json)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    // Tracing a signal back: which tasks saw exactly this data.
    const index = (name: string) => db.schema.createIndex(name).on('handit_task_lineage');
    await index('handit_task_lineage_digest').columns(['tenant', 'digest']).execute();
    await index('handit_task_lineage_created').columns(['created_at']).execute();
    await db.schema
      .createTable('handit_data_policies')
      .addColumn('tenant', t.text, (c) => c.primaryKey())
      .addColumn('policy', t.text)
      .addColumn('staleness', t.json)
      .addColumn('zero_volume_run', t.integer)
      .addColumn('updated_by', t.text)
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('handit_data_policies').execute();
    await db.schema.dropTable('handit_task_lineage').execute();
  },
};
