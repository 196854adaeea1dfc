import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '@app/infrastructure';
import { agentTermsDocument } from '../agent-terms';
import { createSharedFullTextIndex } from './0001_letta_memory';

type AnyDb = Kysely<any>;

// Rows re-indexed per statement pair while back-filling (bounded memory on big databases).
const BACKFILL_PAGE = 2000;

/**
 * SQLite only: replaces the shared-vocabulary FTS5 index (0001) with one keyed by agent
 * (persistence/agent-terms.ts). The new table is contentless, since the text lives in letta_memories
 * already; `contentless_delete=1` lets a row be removed by rowid, which the delete trigger does.
 * Inserts and content updates index in the repository, in the writer's transaction, because
 * the keyed terms are computed in TypeScript. PostgreSQL keeps its tsvector index.
 */
export const keyFullTextByAgent: Migration = {
  async up(db: AnyDb): Promise<void> {
    if (dialectOf(db) !== 'sqlite') return;
    await sql`CREATE VIRTUAL TABLE letta_memory_terms USING fts5(
      terms, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
    )`.execute(db);
    for (let last = 0; ;) {
      const { rows } = await sql<{ seq: number; scope: string; content: string }>`
        select seq, scope, content from letta_memories where seq > ${last} order by seq limit ${BACKFILL_PAGE}`.execute(
        db,
      );
      if (rows.length === 0) break;
      const values = rows.map((r) => sql`(${r.seq}, ${agentTermsDocument(r.scope, r.content)})`);
      await sql`INSERT INTO letta_memory_terms(rowid, terms) VALUES ${sql.join(values)}`.execute(db);
      last = rows[rows.length - 1].seq;
    }
    await sql`CREATE TRIGGER letta_memory_terms_ad AFTER DELETE ON letta_memories BEGIN
      DELETE FROM letta_memory_terms WHERE rowid = old.seq;
    END`.execute(db);
    for (const trigger of ['letta_memories_fts_ai', 'letta_memories_fts_ad', 'letta_memories_fts_au']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)}`.execute(db);
    }
    await sql`DROP TABLE IF EXISTS letta_memories_fts`.execute(db);
  },

  async down(db: AnyDb): Promise<void> {
    if (dialectOf(db) !== 'sqlite') return;
    await sql`DROP TRIGGER IF EXISTS letta_memory_terms_ad`.execute(db);
    await sql`DROP TABLE IF EXISTS letta_memory_terms`.execute(db);
    await createSharedFullTextIndex(db);
    await sql`INSERT INTO letta_memories_fts(letta_memories_fts) VALUES ('rebuild')`.execute(db);
  },
};
