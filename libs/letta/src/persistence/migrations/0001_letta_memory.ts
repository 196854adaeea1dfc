import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, dialectOf } from '@app/infrastructure';

// Kysely's documented choice for a schema no one module knows in full (see persistence README).
type AnyDb = Kysely<any>;

/**
 * The SQLite FTS5 index of this release: one vocabulary for every agent, external content kept
 * in step by triggers. 0003 replaces it and, migrating down, restores it through this function.
 */
export async function createSharedFullTextIndex(db: AnyDb): Promise<void> {
  await sql`CREATE VIRTUAL TABLE letta_memories_fts USING fts5(
    scope, content, content='letta_memories', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`CREATE TRIGGER letta_memories_fts_ai AFTER INSERT ON letta_memories BEGIN
    INSERT INTO letta_memories_fts(rowid, scope, content) VALUES (new.seq, new.scope, new.content);
  END`.execute(db);
  await sql`CREATE TRIGGER letta_memories_fts_ad AFTER DELETE ON letta_memories BEGIN
    INSERT INTO letta_memories_fts(letta_memories_fts, rowid, scope, content) VALUES ('delete', old.seq, old.scope, old.content);
  END`.execute(db);
  await sql`CREATE TRIGGER letta_memories_fts_au AFTER UPDATE OF content, scope ON letta_memories BEGIN
    INSERT INTO letta_memories_fts(letta_memories_fts, rowid, scope, content) VALUES ('delete', old.seq, old.scope, old.content);
    INSERT INTO letta_memories_fts(rowid, scope, content) VALUES (new.seq, new.scope, new.content);
  END`.execute(db);
}

/**
 * Memories, their tags, core blocks and sessions, plus the full-text index of each dialect:
 * SQLite FTS5 (external content, kept in step by triggers) or a PostgreSQL generated tsvector
 * with a GIN index.
 */
export const createLettaMemory: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = columnTypes(db);
    const dialect = dialectOf(db);

    let memories = db.schema.createTable('letta_memories');
    memories =
      dialect === 'sqlite'
        ? // An INTEGER PRIMARY KEY is SQLite's stable rowid alias: the FTS5 index refers to rows by
          // it, and an implicit rowid may be renumbered by VACUUM.
          memories.addColumn('seq', 'integer', (c) => c.primaryKey()).addColumn('id', t.id, (c) => c.notNull().unique())
        : memories.addColumn('id', t.id, (c) => c.primaryKey());
    await memories
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('agent_id', t.text, (c) => c.notNull())
      // Hash of (tenant, agent): one FTS5 token that confines a full-text match to one agent.
      .addColumn('scope', t.text, (c) => c.notNull())
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('content', t.text, (c) => c.notNull())
      .addColumn('metadata', t.json)
      .addColumn('importance', t.double, (c) => c.notNull())
      .addColumn('session_id', t.id)
      .addColumn('role', t.text)
      .addColumn('position', t.integer)
      .addColumn('expires_at', t.timestamp)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addColumn('last_accessed_at', t.timestamp, (c) => c.notNull())
      .addColumn('access_count', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('embedding', t.text)
      .execute();

    // Lists (newest first, optionally by type / session), retention scans and eviction order.
    await db.schema
      .createIndex('letta_memories_agent_idx')
      .on('letta_memories')
      .columns(['tenant', 'agent_id', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('letta_memories_agent_type_idx')
      .on('letta_memories')
      .columns(['tenant', 'agent_id', 'type', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('letta_memories_session_idx')
      .on('letta_memories')
      .columns(['session_id', 'position'])
      .execute();
    await db.schema.createIndex('letta_memories_expires_idx').on('letta_memories').column('expires_at').execute();
    await db.schema
      .createIndex('letta_memories_type_created_idx')
      .on('letta_memories')
      .columns(['type', 'created_at'])
      .execute();
    await db.schema
      .createIndex('letta_memories_evict_idx')
      .on('letta_memories')
      .columns(['tenant', 'agent_id', 'type', 'importance', 'last_accessed_at', 'id'])
      .execute();

    await db.schema
      .createTable('letta_memory_tags')
      .addColumn('memory_id', t.id, (c) => c.notNull().references('letta_memories.id').onDelete('cascade'))
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('agent_id', t.text, (c) => c.notNull())
      .addColumn('tag', t.text, (c) => c.notNull())
      .addPrimaryKeyConstraint('letta_memory_tags_pk', ['memory_id', 'tag'])
      .execute();
    await db.schema
      .createIndex('letta_memory_tags_agent_idx')
      .on('letta_memory_tags')
      .columns(['tenant', 'agent_id', 'tag', 'memory_id'])
      .execute();

    if (dialect === 'sqlite') {
      await createSharedFullTextIndex(db);
    } else {
      await sql`ALTER TABLE letta_memories ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED`.execute(
        db,
      );
      await sql`CREATE INDEX letta_memories_search_idx ON letta_memories USING GIN (search)`.execute(db);
    }

    await db.schema
      .createTable('letta_blocks')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('agent_id', t.text, (c) => c.notNull())
      .addColumn('label', t.text, (c) => c.notNull())
      .addColumn('value', t.text, (c) => c.notNull())
      .addColumn('limit_chars', t.integer, (c) => c.notNull())
      .addColumn('description', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addUniqueConstraint('letta_blocks_label_uq', ['tenant', 'agent_id', 'label'])
      .execute();

    await db.schema
      .createTable('letta_sessions')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('agent_id', t.text, (c) => c.notNull())
      .addColumn('title', t.text)
      .addColumn('metadata', t.json)
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('message_count', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('summary_memory_id', t.id)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('ended_at', t.timestamp)
      .execute();
    await db.schema
      .createIndex('letta_sessions_agent_idx')
      .on('letta_sessions')
      .columns(['tenant', 'agent_id', 'created_at', 'id'])
      .execute();
  },

  async down(db: AnyDb): Promise<void> {
    if (dialectOf(db) === 'sqlite') await sql`DROP TABLE IF EXISTS letta_memories_fts`.execute(db);
    await db.schema.dropTable('letta_sessions').ifExists().execute();
    await db.schema.dropTable('letta_blocks').ifExists().execute();
    await db.schema.dropTable('letta_memory_tags').ifExists().execute();
    await db.schema.dropTable('letta_memories').ifExists().execute();
  },
};
