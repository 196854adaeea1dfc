import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '@app/infrastructure';

type AnyDb = Kysely<any>;

/** The 0001 full-text index: every agent's words in one GIN index. */
async function createSharedSearchIndex(db: AnyDb): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS letta_memories_search_idx ON letta_memories USING GIN (search)`.execute(db);
}

/**
 * Makes btree_gin available, or says it cannot be: installed already, or created now in `public`
 * (where no per-schema clean-up drops it; the search path's first schema when `public` is not
 * writable). Creating it needs the CREATE privilege on the database (btree_gin is a trusted
 * extension) and the contrib package; a failure is rolled back to a savepoint so the migration's
 * transaction goes on.
 */
async function ensureBtreeGin(db: AnyDb): Promise<boolean> {
  const installed = await sql`select 1 from pg_extension where extname = 'btree_gin'`.execute(db);
  if (installed.rows.length > 0) return true;
  const available = await sql`select 1 from pg_available_extensions where name = 'btree_gin'`.execute(db);
  if (available.rows.length === 0) return false;
  const publicWritable = await sql`
    select 1 from pg_namespace where nspname = 'public' and has_schema_privilege(oid, 'CREATE')`.execute(db);
  const guarded = db.isTransaction;
  if (guarded) await sql`SAVEPOINT letta_btree_gin`.execute(db);
  try {
    if (publicWritable.rows.length > 0) await sql`CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public`.execute(db);
    else await sql`CREATE EXTENSION IF NOT EXISTS btree_gin`.execute(db);
    if (guarded) await sql`RELEASE SAVEPOINT letta_btree_gin`.execute(db);
    return true;
  } catch {
    if (guarded) await sql`ROLLBACK TO SAVEPOINT letta_btree_gin`.execute(db);
    return false;
  }
}

/**
 * PostgreSQL only, two costs of a search on a big table:
 *
 * 1. The full-text index keyed by agent, as 0003 did on SQLite. The 0001 GIN index holds every
 *    agent's words, so a search fetched every agent's rows holding its words before filtering by
 *    agent (or ANDed in a bitmap of all the agent's rows). A GIN index on (tenant, agent_id,
 *    search), through the btree_gin extension, intersects the agent with the words inside the
 *    index, and the planner, seeing all three conditions on one index, estimates an agent's matches
 *    truly: it walks the agent's newest rows for common words and reads the index for rare ones.
 *    The queries do not change: they already filter by tenant and agent. (btree_gin reads an
 *    equality as a range, so each search reads the tenant's and the agent's whole posting lists:
 *    about 100 index pages at 400,000 memories in one tenant.) Without btree_gin (not installed
 *    and not creatable) the 0001 index stays: search works as before, slower among many agents
 *    (README, "Agent memory").
 * 2. The access a search records on its hits (MemoryRepository.touch) rewrote every index entry of
 *    each hit, the GIN ones included, because `last_accessed_at` was a key of the eviction index.
 *    That index now ends at `importance` (eviction sorts the rows of equal importance), and pages
 *    keep 10% free (fillfactor 90, for pages written from now on), so the update is a HOT one: the
 *    new row version goes on its page and no index changes.
 *
 * `fastupdate` is off on the keyed index: writes that reach it go into the tree at once, rather
 * than to a pending list that every search would read and an unlucky one would flush.
 */
export const indexSearchByAgent: Migration = {
  async up(db: AnyDb): Promise<void> {
    if (dialectOf(db) !== 'postgres') return;
    await sql`DROP INDEX letta_memories_evict_idx`.execute(db);
    await db.schema
      .createIndex('letta_memories_evict_idx')
      .on('letta_memories')
      .columns(['tenant', 'agent_id', 'type', 'importance'])
      .execute();
    await sql`ALTER TABLE letta_memories SET (fillfactor = 90)`.execute(db);
    if (await ensureBtreeGin(db)) {
      await sql`CREATE INDEX letta_memories_agent_search_idx ON letta_memories
        USING GIN (tenant, agent_id, search) WITH (fastupdate = off)`.execute(db);
      await sql`DROP INDEX IF EXISTS letta_memories_search_idx`.execute(db);
    }
    await sql`ANALYZE letta_memories`.execute(db);
  },

  // The extension stays: other schemas of the database may use it.
  async down(db: AnyDb): Promise<void> {
    if (dialectOf(db) !== 'postgres') return;
    await createSharedSearchIndex(db);
    await sql`DROP INDEX IF EXISTS letta_memories_agent_search_idx`.execute(db);
    await sql`ALTER TABLE letta_memories RESET (fillfactor)`.execute(db);
    await sql`DROP INDEX letta_memories_evict_idx`.execute(db);
    await db.schema
      .createIndex('letta_memories_evict_idx')
      .on('letta_memories')
      .columns(['tenant', 'agent_id', 'type', 'importance', 'last_accessed_at', 'id'])
      .execute();
  },
};
