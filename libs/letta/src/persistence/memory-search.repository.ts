import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { fromDbTimestamp, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { AgentScope } from '../memories/memory.types';
import type { SearchEngine } from '../search/search.types';
import { agentTermsQuery } from './agent-terms';
import { chunks, visible, type MemoryFilter } from './memory-queries';
import { scopeToken } from './scope-token';
import type { LettaDb, LettaTables } from './tables';

/** What ranking reads of a candidate; `textRank` is null for one found other than by full text. */
export interface RankingFields {
  id: string;
  textRank: number | null;
  importance: number;
  lastAccessedAt: Date;
}

export interface FullTextCandidate extends RankingFields {
  textRank: number;
}

/** Newest full-text matches ranked per query on SQLite (see fullTextCandidates). */
export const FULL_TEXT_POOL = 1000;

/**
 * The candidate pool of a search (see fullTextCandidates): the newest `pool` matches holding every
 * term, then, when those are fewer than `pool`, the newest holding any. Rows may repeat.
 */
async function everyThenAny<T>(
  terms: readonly string[],
  pool: number,
  newest: (operator: 'AND' | 'OR') => Promise<T[]>,
): Promise<T[]> {
  const every = terms.length > 1 ? await newest('AND') : [];
  return every.length < pool ? [...every, ...(await newest('OR'))] : every;
}

/** Ranked search's reads: full-text candidates with their engine rank, and the fields ranking needs. */
@Injectable()
export class MemorySearchRepository extends TablesRepository<LettaTables> {
  private get dialect() {
    return this.database.dialect;
  }

  /** The full-text engine this dialect ranks with. */
  get engine(): SearchEngine {
    return this.dialect === 'sqlite' ? 'sqlite-fts5-bm25' : 'postgres-tsvector-ts_rank';
  }

  /**
   * What ranking needs (importance, last access) of still-visible candidates found other than
   * by full text (hybrid search's embedded neighbours); full rows are loaded for winners only.
   */
  async rankingFields(scope: AgentScope, ids: string[], now: Date): Promise<RankingFields[]> {
    const out: RankingFields[] = [];
    for (const part of chunks(ids)) {
      const rows = await visible(
        this.db.selectFrom('letta_memories').select(['id', 'importance', 'last_accessed_at']),
        scope,
        now,
      )
        .where('id', 'in', part)
        .execute();
      for (const row of rows)
        out.push({
          id: row.id as string,
          textRank: null,
          importance: Number(row.importance),
          lastAccessedAt: fromDbTimestamp(row.last_accessed_at),
        });
    }
    return out;
  }

  /**
   * The best full-text matches of one agent, with the engine's own relevance (higher is better)
   * and the fields ranking needs, read in the same statement. SQLite: -bm25 over the agent-keyed
   * index (persistence/agent-terms.ts); PostgreSQL: ts_rank with normalisation 1, i.e. divided by
   * 1 + log(length), so long texts do not win by size, as BM25 also ensures.
   *
   * A term may be a phrase ("w1 w2": the words adjacent, in order).
   *
   * Both bound the work: a query made of common words can match most of an agent's memories, and
   * ranking all of them costs time per match. So the candidates are the newest `pool` memories
   * that contain every term, then (if those are fewer than `pool`) the newest `pool` that contain
   * any term (FTS5 walks its index newest-first and stops there); the engine's rank then orders
   * that pool. An old memory that shares only some words with a very common query can thus be
   * left out; one that has all the words is found among the newest `pool` such memories.
   */
  async fullTextCandidates(
    scope: AgentScope,
    terms: string[],
    filter: MemoryFilter,
    limit: number,
    now: Date,
    db: LettaDb = this.db,
    pool = FULL_TEXT_POOL,
  ): Promise<FullTextCandidate[]> {
    if (terms.length === 0) return [];
    const conds = [
      sql`m.tenant = ${scope.tenant}`,
      sql`m.agent_id = ${scope.agentId}`,
      sql`(m.expires_at is null or m.expires_at > ${toDbTimestamp(now)})`,
    ];
    if (filter.type) conds.push(sql`m.type = ${filter.type}`);
    if (filter.sessionId !== undefined)
      conds.push(filter.sessionId === null ? sql`m.session_id is null` : sql`m.session_id = ${filter.sessionId}`);
    for (const tag of filter.tags ?? []) {
      conds.push(
        sql`m.id in (select memory_id from letta_memory_tags
          where tenant = ${scope.tenant} and agent_id = ${scope.agentId} and tag = ${tag})`,
      );
    }
    const where = sql.join(conds, sql` and `);
    type Row = { id: string; text_rank: number; importance: number; last_accessed_at: unknown };
    const toCandidate = (r: Row): FullTextCandidate => ({
      id: r.id,
      textRank: Number(r.text_rank),
      importance: Number(r.importance),
      lastAccessedAt: fromDbTimestamp(r.last_accessed_at),
    });
    const filtered = filter.type !== undefined || filter.sessionId !== undefined || (filter.tags?.length ?? 0) > 0;
    if (this.dialect === 'sqlite' && !filtered)
      return this.unfilteredSqliteCandidates(scope, terms, limit, now, db, pool);

    // The newest `pool` matches passing every filter, with their engine rank.
    const newest = async (operator: 'AND' | 'OR') => {
      if (this.dialect === 'sqlite') {
        const { rows } = await sql<Row>`
          select m.id as id, -bm25(letta_memory_terms) as text_rank, m.importance as importance,
            m.last_accessed_at as last_accessed_at
          from letta_memory_terms join letta_memories m on m.seq = letta_memory_terms.rowid
          where letta_memory_terms match ${agentTermsQuery(scopeToken(scope), terms, operator)} and ${where}
          order by letta_memory_terms.rowid desc limit ${pool}`.execute(db);
        return rows;
      }
      // ts_rank reads each row's whole tsvector, so it runs on the pool only, not on every match.
      // The tsquery is written out in both places rather than shared through a CTE: the planner
      // estimates a constant tsquery from the column statistics (newest-first walk of the agent's
      // index for common words, the GIN index for rare ones); through a CTE it cannot.
      const tsquery = terms.map((t) => `(${t.split(' ').join(' <-> ')})`).join(operator === 'AND' ? ' & ' : ' | ');
      const { rows } = await sql<Row>`
        select p.id as id, ts_rank(p.search, to_tsquery('english', ${tsquery}), 1) as text_rank,
          p.importance as importance, p.last_accessed_at as last_accessed_at
        from (
          select m.id, m.search, m.importance, m.last_accessed_at from letta_memories m
          where m.search @@ to_tsquery('english', ${tsquery}) and ${where}
          order by m.created_at desc, m.id desc limit ${pool}
        ) p`.execute(db);
      return rows;
    };
    const found = new Map<string, FullTextCandidate>();
    for (const r of await everyThenAny(terms, pool, newest)) found.set(r.id, toCandidate(r));
    return [...found.values()].sort((a, b) => b.textRank - a.textRank || (a.id < b.id ? 1 : -1)).slice(0, limit);
  }

  /**
   * The common case, no filter but expiry: the pool comes from the index alone (rowid and BM25),
   * and rows are read only for its best `limit`, in BM25 order, until `limit` are still visible.
   * Reading a row per pooled match instead was a third of the search time at a million memories.
   */
  private async unfilteredSqliteCandidates(
    scope: AgentScope,
    terms: string[],
    limit: number,
    now: Date,
    db: LettaDb,
    pool: number,
  ): Promise<FullTextCandidate[]> {
    const newest = async (operator: 'AND' | 'OR') => {
      const { rows } = await sql<{ seq: number; text_rank: number }>`
        select rowid as seq, -bm25(letta_memory_terms) as text_rank from letta_memory_terms
        where letta_memory_terms match ${agentTermsQuery(scopeToken(scope), terms, operator)}
        order by rowid desc limit ${pool}`.execute(db);
      return rows;
    };
    const rank = new Map<number, number>();
    for (const r of await everyThenAny(terms, pool, newest)) rank.set(Number(r.seq), Number(r.text_rank));
    const ordered = [...rank].sort((a, b) => b[1] - a[1] || b[0] - a[0]);

    const out: FullTextCandidate[] = [];
    for (let i = 0; i < ordered.length && out.length < limit; i += limit) {
      const part = ordered.slice(i, i + limit);
      // `+tenant`/`+agent_id` keep SQLite on rowid lookups: without statistics it would rather
      // walk the (tenant, agent_id, …) index over all of the agent's rows (8 ms instead of 0.4).
      // The seqs go as one JSON parameter: one statement text (prepared once) whatever their number.
      const { rows } = await sql<{ seq: number; id: string; importance: number; last_accessed_at: unknown }>`
        select seq, id, importance, last_accessed_at from letta_memories
        where seq in (select value from json_each(${JSON.stringify(part.map(([seq]) => seq))}))
          and +tenant = ${scope.tenant} and +agent_id = ${scope.agentId}
          and (expires_at is null or expires_at > ${toDbTimestamp(now)})`.execute(db);
      const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
      for (const [seq, textRank] of part) {
        const row = bySeq.get(seq);
        if (row && out.length < limit)
          out.push({
            id: row.id,
            textRank,
            importance: Number(row.importance),
            lastAccessedAt: fromDbTimestamp(row.last_accessed_at),
          });
      }
    }
    return out;
  }
}
