import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/** A running task's latest progress report (fraction, message, time); null for tasks that never reported. */
export const addTaskProgress: Migration = {
  async up(db: Kysely<any>) {
    const t = columnTypes(db);
    await db.schema.alterTable('handit_tasks').addColumn('progress', t.json).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('handit_tasks').dropColumn('progress').execute();
  },
};
