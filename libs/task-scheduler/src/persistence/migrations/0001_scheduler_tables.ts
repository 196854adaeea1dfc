import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/** Schedules, their runs (with the dead-letter list as status `dead`) and queue pause state. */
export const createSchedulerTables: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('scheduler_schedules')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('name', t.text)
      .addColumn('job', t.text, (c) => c.notNull())
      .addColumn('input', t.json)
      .addColumn('kind', t.text, (c) => c.notNull())
      .addColumn('cron', t.text)
      .addColumn('timezone', t.text)
      .addColumn('every_ms', t.bigint)
      .addColumn('at', t.timestamp)
      .addColumn('priority', t.text, (c) => c.notNull())
      .addColumn('max_attempts', t.integer, (c) => c.notNull())
      .addColumn('backoff', t.json)
      .addColumn('timeout_ms', t.bigint)
      .addColumn('overlap_policy', t.text, (c) => c.notNull())
      .addColumn('missed_policy', t.text, (c) => c.notNull())
      .addColumn('enabled', t.boolean, (c) => c.notNull())
      .addColumn('next_fire_at', t.timestamp)
      .addColumn('last_fire_at', t.timestamp)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    // The engine's "what is due" query.
    await db.schema
      .createIndex('scheduler_schedules_due_idx')
      .on('scheduler_schedules')
      .columns(['enabled', 'next_fire_at'])
      .execute();
    await db.schema
      .createIndex('scheduler_schedules_created_idx')
      .on('scheduler_schedules')
      .columns(['created_at', 'id'])
      .execute();

    await db.schema
      .createTable('scheduler_runs')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('schedule_id', t.id)
      .addColumn('job', t.text, (c) => c.notNull())
      .addColumn('input', t.json)
      .addColumn('priority', t.text, (c) => c.notNull())
      .addColumn('priority_rank', t.integer, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('trigger', t.text, (c) => c.notNull())
      .addColumn('attempts', t.integer, (c) => c.notNull())
      .addColumn('max_attempts', t.integer, (c) => c.notNull())
      .addColumn('backoff', t.json)
      .addColumn('timeout_ms', t.bigint)
      .addColumn('scheduled_for', t.timestamp, (c) => c.notNull())
      .addColumn('not_before', t.timestamp, (c) => c.notNull())
      .addColumn('started_at', t.timestamp)
      .addColumn('finished_at', t.timestamp)
      .addColumn('duration_ms', t.bigint)
      .addColumn('error', t.text)
      .addColumn('errors', t.json)
      .addColumn('result', t.json)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    // Dispatch picks pending runs by status, priority and due time; lists go newest first.
    await db.schema
      .createIndex('scheduler_runs_dispatch_idx')
      .on('scheduler_runs')
      .columns(['status', 'priority_rank', 'not_before'])
      .execute();
    await db.schema
      .createIndex('scheduler_runs_schedule_idx')
      .on('scheduler_runs')
      .columns(['schedule_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('scheduler_runs_created_idx')
      .on('scheduler_runs')
      .columns(['created_at', 'id'])
      .execute();
    await db.schema.createIndex('scheduler_runs_finished_idx').on('scheduler_runs').columns(['finished_at']).execute();

    await db.schema
      .createTable('scheduler_queue_state')
      .addColumn('name', t.text, (c) => c.primaryKey())
      .addColumn('paused', t.boolean, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('scheduler_queue_state').execute();
    await db.schema.dropTable('scheduler_runs').execute();
    await db.schema.dropTable('scheduler_schedules').execute();
  },
};
