import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * The tasks table: one row per task from acceptance to its final state, with the indexes the
 * tenant's list, the queue's recovery and depth, retention and Idempotency-Key look-ups use.
 */
export const createTasks: Migration = {
  async up(db: Kysely<any>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('handit_tasks')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('principal_id', t.text)
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('model_id', t.text, (c) => c.notNull())
      .addColumn('model_version', t.text, (c) => c.notNull())
      .addColumn('priority', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('input', t.json, (c) => c.notNull())
      .addColumn('options', t.json, (c) => c.notNull())
      .addColumn('result', t.json)
      .addColumn('error', t.json)
      .addColumn('attempts', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('cache_hit', t.boolean, (c) => c.notNull())
      .addColumn('usage', t.json)
      .addColumn('idempotency_key', t.text)
      .addColumn('request_hash', t.text)
      .addColumn('trace_id', t.text)
      .addColumn('trace_parent', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('available_at', t.timestamp, (c) => c.notNull())
      .addColumn('started_at', t.timestamp)
      .addColumn('finished_at', t.timestamp)
      .execute();
    await db.schema
      .createIndex('handit_tasks_tenant_created')
      .on('handit_tasks')
      .columns(['tenant', 'created_at', 'id'])
      .execute();
    await db.schema.createIndex('handit_tasks_status').on('handit_tasks').columns(['status', 'available_at']).execute();
    await db.schema.createIndex('handit_tasks_finished').on('handit_tasks').columns(['finished_at']).execute();
    await db.schema
      .createIndex('handit_tasks_idempotency')
      .on('handit_tasks')
      .columns(['tenant', 'idempotency_key'])
      .unique()
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('handit_tasks').execute();
  },
};
