import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';
import { MINHASH_COLUMNS } from '../../memories/minhash';

type AnyDb = Kysely<any>;

/**
 * 1. Every by-id statement also filters by tenant and agent. Without an index led by those and
 *    the id, SQLite's planner (no ANALYZE statistics) prefers (tenant, agent_id, …) with two
 *    equalities over the unique id index, and walks all of an agent's rows to touch ten of them.
 * 2. MinHash signatures for the near-duplicate rule: one indexed column per hash function, so
 *    finding candidates is a handful of index lookups instead of a full-text query over every
 *    memory sharing a common word.
 */
export const addLookupIndexes: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createIndex('letta_memories_scoped_id_idx')
      .on('letta_memories')
      .columns(['tenant', 'agent_id', 'id'])
      .execute();
    for (const column of MINHASH_COLUMNS) {
      await db.schema.alterTable('letta_memories').addColumn(column, t.bigint).execute();
      await db.schema.createIndex(`letta_memories_${column}_idx`).on('letta_memories').column(column).execute();
    }
  },
  async down(db: AnyDb): Promise<void> {
    for (const column of MINHASH_COLUMNS) {
      await db.schema.dropIndex(`letta_memories_${column}_idx`).execute();
      await db.schema.alterTable('letta_memories').dropColumn(column).execute();
    }
    await db.schema.dropIndex('letta_memories_scoped_id_idx').execute();
  },
};
