import { Kysely, Migration } from 'kysely';
import { columnTypes, dialectOf, fromDbBoolean, toDbBoolean } from '@app/infrastructure';

/** Schedules, their runs (with the dead-letter list as status `dead`) and queue pause state. */
const createSchedulerTables: Migration = {
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

/**
 * Schedules and runs belong to the tenant that created them (before this, every tenant saw every
 * schedule, and scheduled tasks ran in tenant `default`). Existing rows go to `default`, where
 * they ran before.
 */
const addTenantOwnership: Migration = {
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

/**
 * The pause of `scheduler.runs` moves to the store every managed queue shares (`queue_pauses`,
 * namespace `queues`), which also holds per-tenant pauses; a queue paused before the upgrade
 * stays paused.
 */
const moveQueuePauses: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const rows = await db.selectFrom('scheduler_queue_state').select(['name', 'paused', 'updated_at']).execute();
    const paused = rows.filter((r) => fromDbBoolean(r.paused));
    if (paused.length) {
      const values = paused.map((r) => ({ queue: r.name, tenant: '*', paused_at: r.updated_at }));
      await db
        .insertInto('queue_pauses')
        .values(values)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await db.schema.dropTable('scheduler_queue_state').execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('scheduler_queue_state')
      .addColumn('name', t.text, (c) => c.primaryKey())
      .addColumn('paused', t.boolean, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    const rows = await db.selectFrom('queue_pauses').select(['queue', 'paused_at']).where('tenant', '=', '*').execute();
    const paused = toDbBoolean(dialectOf(db), true);
    for (const row of rows) {
      const values = { name: row.queue, paused, updated_at: row.paused_at };
      await db.insertInto('scheduler_queue_state').values(values).execute();
    }
  },
};

/** Market triggers (`{ calendar, at }` or `{ calendar, every, during }`): kind `market`, trigger as JSON. */
const addMarketTriggers: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('scheduler_schedules').addColumn('market', columnTypes(db).json).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    // Their timing cannot be expressed without the column: market schedules go with it.
    await db.deleteFrom('scheduler_schedules').where('kind', '=', 'market').execute();
    await db.schema.alterTable('scheduler_schedules').dropColumn('market').execute();
  },
};

export const schedulerMigrations: Record<string, Migration> = {
  '0001_scheduler': createSchedulerTables,
  '0002_scheduler_tenant': addTenantOwnership,
  '0003_scheduler_queue_pauses': moveQueuePauses,
  '0004_scheduler_market_triggers': addMarketTriggers,
};
