import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

type AnyDb = Kysely<any>;

/** A resume's decision is stored with the run, so a crash before the graph consumes it keeps it. */
export const addPendingDecision: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('langgraph_runs').addColumn('pending_decision', columnTypes(db).json).execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable('langgraph_runs').dropColumn('pending_decision').execute();
  },
};
