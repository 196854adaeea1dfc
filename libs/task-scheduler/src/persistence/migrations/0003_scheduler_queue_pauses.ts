import type { Kysely, Migration } from 'kysely';
import { columnTypes, dialectOf, fromDbBoolean, toDbBoolean } from '@app/infrastructure';

/**
 * The pause of `scheduler.runs` moves to the store every managed queue shares (`queue_pauses`,
 * namespace `queues`), which also holds per-tenant pauses; a queue paused before the upgrade
 * stays paused.
 */
export const moveQueuePauses: Migration = {
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
