import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * A task's input moves to its own table, written once. SQLite rewrites a whole row on every
 * update, so the 48 KB input of a 500-candle task was written again when the task started and
 * when it finished; the status row those updates touch is now a few hundred bytes. Deleting a
 * task deletes its input (foreign key, on delete cascade).
 */
export const moveTaskInputs: Migration = {
  async up(db: Kysely<any>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('handit_task_inputs')
      .addColumn('task_id', t.id, (c) => c.primaryKey().references('handit_tasks.id').onDelete('cascade'))
      .addColumn('input', t.json, (c) => c.notNull())
      .execute();
    await sql`insert into handit_task_inputs (task_id, input) select id, input from handit_tasks`.execute(db);
    await db.schema.alterTable('handit_tasks').dropColumn('input').execute();
  },
  async down(db: Kysely<any>) {
    const t = columnTypes(db);
    await db.schema.alterTable('handit_tasks').addColumn('input', t.json).execute();
    await sql`update handit_tasks set input = (select i.input from handit_task_inputs i where i.task_id = handit_tasks.id)`.execute(
      db,
    );
    await db.schema.dropTable('handit_task_inputs').execute();
  },
};
