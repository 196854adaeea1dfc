import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * A replay is a run of its own (its own thread and checkpoints) that says which finished run it
 * re-runs; the original is never touched. Numbered 0005 so that it sorts after 0004 of the
 * LangGraph Platform work that was written alongside it.
 */
export const addRunReplays: Migration = {
  async up(db: Kysely<any>) {
    const t = columnTypes(db);
    await db.schema.alterTable('langgraph_runs').addColumn('replay_of', t.id).execute();
    await db.schema.createIndex('langgraph_runs_replay_of').on('langgraph_runs').columns(['replay_of']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('langgraph_runs_replay_of').execute();
    await db.schema.alterTable('langgraph_runs').dropColumn('replay_of').execute();
  },
};
