import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/** Datasets (versioned item snapshots), experiments and their per-item results. */
export const createEvaluationTables: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('eval_datasets')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('description', t.text)
      .addColumn('latest_version', t.integer, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addUniqueConstraint('eval_datasets_tenant_name_uq', ['tenant', 'name'])
      .execute();
    await db.schema
      .createTable('eval_dataset_items')
      .addColumn('id', t.id, (c) => c.notNull())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('dataset_id', t.id, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('position', t.integer, (c) => c.notNull())
      .addColumn('input', t.json, (c) => c.notNull())
      .addColumn('expected_output', t.json)
      .addColumn('metadata', t.json)
      .addPrimaryKeyConstraint('eval_dataset_items_pk', ['dataset_id', 'version', 'id'])
      .execute();
    await db.schema
      .createIndex('eval_dataset_items_position_idx')
      .on('eval_dataset_items')
      .columns(['dataset_id', 'version', 'position'])
      .execute();
    await db.schema
      .createTable('eval_experiments')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('dataset_id', t.id, (c) => c.notNull())
      .addColumn('dataset_version', t.integer, (c) => c.notNull())
      .addColumn('target', t.json, (c) => c.notNull())
      .addColumn('evaluators', t.json, (c) => c.notNull())
      .addColumn('priority', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('item_count', t.integer, (c) => c.notNull())
      .addColumn('summary', t.json)
      .addColumn('created_by', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('finished_at', t.timestamp)
      .execute();
    await db.schema
      .createIndex('eval_experiments_tenant_idx')
      .on('eval_experiments')
      .columns(['tenant', 'created_at'])
      .execute();
    await db.schema
      .createTable('eval_experiment_items')
      .addColumn('experiment_id', t.id, (c) => c.notNull())
      .addColumn('item_id', t.id, (c) => c.notNull())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('position', t.integer, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('task_id', t.text)
      .addColumn('trace_id', t.text)
      .addColumn('output', t.json)
      .addColumn('error', t.json)
      .addColumn('scores', t.json)
      .addColumn('finished_at', t.timestamp)
      .addPrimaryKeyConstraint('eval_experiment_items_pk', ['experiment_id', 'item_id'])
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['eval_experiment_items', 'eval_experiments', 'eval_dataset_items', 'eval_datasets'])
      await db.schema.dropTable(table).execute();
  },
};
