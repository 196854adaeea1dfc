import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * Model governance: models defined through the API, versions (of those and of built-in models),
 * routing rules per model and tenant ('' = every tenant), shadow runs beside their champion
 * task, and one revision counter every replica polls to know its cached routing table is stale.
 */
export const addModelGovernance: Migration = {
  async up(db: Kysely<any>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('handit_models')
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('description', t.text, (c) => c.notNull())
      .addColumn('task_types', t.json, (c) => c.notNull())
      .addColumn('asset_classes', t.json, (c) => c.notNull())
      .addColumn('created_by', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('handit_model_versions')
      .addColumn('model_id', t.text, (c) => c.notNull())
      .addColumn('version', t.text, (c) => c.notNull())
      .addColumn('engine', t.text)
      .addColumn('external', t.json)
      .addColumn('parameters', t.json, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('fallback_version', t.text)
      .addColumn('created_by', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('handit_model_versions_pk', ['model_id', 'version'])
      .execute();
    await db.schema
      .createTable('handit_routing_rules')
      .addColumn('model_id', t.text, (c) => c.notNull())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('split', t.json, (c) => c.notNull())
      .addColumn('sticky', t.json)
      .addColumn('updated_by', t.text)
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('handit_routing_rules_pk', ['model_id', 'tenant'])
      .execute();
    await db.schema
      .createTable('handit_shadow_runs')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('task_id', t.text, (c) => c.notNull())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('model_id', t.text, (c) => c.notNull())
      .addColumn('champion_version', t.text, (c) => c.notNull())
      .addColumn('version', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('result', t.json)
      .addColumn('error', t.json)
      .addColumn('duration_ms', t.integer, (c) => c.notNull())
      .addColumn('champion_duration_ms', t.integer, (c) => c.notNull())
      .addColumn('agreed', t.boolean)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    const shadows = (name: string) => db.schema.createIndex(name).on('handit_shadow_runs');
    await shadows('handit_shadow_runs_model').columns(['model_id', 'created_at']).execute();
    await shadows('handit_shadow_runs_task').columns(['task_id']).execute();
    // The comparison reads a model's finished tasks in a time window.
    await db.schema
      .createIndex('handit_tasks_model_finished')
      .on('handit_tasks')
      .columns(['model_id', 'finished_at'])
      .execute();
    await db.schema
      .createTable('handit_registry_revision')
      .addColumn('id', t.integer, (c) => c.primaryKey())
      .addColumn('revision', t.integer, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db
      .insertInto('handit_registry_revision')
      .values({ id: 1, revision: 0, updated_at: new Date().toISOString() })
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('handit_registry_revision').execute();
    await db.schema.dropIndex('handit_tasks_model_finished').execute();
    await db.schema.dropTable('handit_shadow_runs').execute();
    await db.schema.dropTable('handit_routing_rules').execute();
    await db.schema.dropTable('handit_model_versions').execute();
    await db.schema.dropTable('handit_models').execute();
  },
};
