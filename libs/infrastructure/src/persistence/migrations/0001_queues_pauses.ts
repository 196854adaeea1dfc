import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '../column-types';
import type { AnySchema } from '../database';

/** Pauses of every managed queue, whole-queue and per tenant, so they outlive a restart. */
export const createQueuePauses: Migration = {
  async up(db: Kysely<AnySchema>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('queue_pauses')
      .addColumn('queue', t.text, (c) => c.notNull())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('paused_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('queue_pauses_pk', ['queue', 'tenant'])
      .execute();
  },
  async down(db: Kysely<AnySchema>): Promise<void> {
    await db.schema.dropTable('queue_pauses').execute();
  },
};
