import { Injectable } from '@nestjs/common';
import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { Database, fromDbTimestamp, newId, paginate, toDbJson, toDbTimestamp, type Page } from '@app/infrastructure';
import { MINHASH_COLUMNS, minHashSignature } from '../memories/minhash';
import type { AgentScope, Memory, MemoryListQuery, MemoryType, MessageRole } from '../memories/memory.types';
import { agentTermsDocument, agentTermsQuery } from './agent-terms';
import { parseEmbedding, toMemory, type SelectedMemoryRow } from './row-mapping';
import { scopeToken } from './scope-token';
import type { LettaTables } from './tables';

export type LettaDb = Kysely<LettaTables> | Transaction<LettaTables>;

/** Everything stored for one memory; timestamps are explicit so import can restore them. */
export interface MemoryRecord {
  id?: string;
  type: MemoryType;
  content: string;
  metadata: Record<string, unknown>;
  tags: string[];
  importance: number;
  sessionId: string | null;
  role: MessageRole | null;
  position: number | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  lastAccessedAt: Date;
  accessCount: number;
  embedding: number[] | null;
}

export interface MemoryFilter {
  type?: MemoryType;
  /** Every listed tag must be present. */
  tags?: string[];
  sessionId?: string | null;
}

export interface MemoryUpdate {
  /** The memory's type and kind: they salt the near-duplicate signature of new content. */
  type: MemoryType;
  isMessage: boolean;
  content?: string;
  tags?: string[];
  importance?: number;
  metadata?: Record<string, unknown>;
  expiresAt?: Date | null;
  embedding?: number[] | null;
  updatedAt: Date;
  lastAccessedAt?: Date;
  accessIncrement?: number;
}

function signatureSalt(scope: AgentScope, type: MemoryType): string {
  return `${scope.tenant}\u0000${scope.agentId}\u0000${type}`;
}

/** The MinHash columns of a text (all null for session messages, which are never merged). */
function signatureColumns(content: string | null, salt: string) {
  const signature = content === null ? null : minHashSignature(content, salt);
  return Object.fromEntries(MINHASH_COLUMNS.map((column, i) => [column, signature ? signature[i] : null])) as Record<
    (typeof MINHASH_COLUMNS)[number],
    number | null
  >;
}

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

// Bounds the IN lists we send (SQLite allows 32766 variables; PostgreSQL 65535).
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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

/** Memory rows, always scoped: every statement filters by tenant and agent. */
@Injectable()
export class MemoryRepository {
  constructor(private readonly database: Database) {}

  get db(): Kysely<LettaTables> {
    return this.database.tables<LettaTables>();
  }

  get dialect() {
    return this.database.dialect;
  }

  transaction<T>(fn: (trx: Transaction<LettaTables>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  private selectMemories(db: LettaDb) {
    return db
      .selectFrom('letta_memories')
      .select([
        'id',
        'agent_id',
        'type',
        'content',
        'metadata',
        'importance',
        'session_id',
        'role',
        'position',
        'expires_at',
        'created_at',
        'updated_at',
        'last_accessed_at',
        'access_count',
      ])
      .select(sql<number>`case when embedding is null then 0 else 1 end`.as('embedded'));
  }

  private scoped<O>(q: SelectQueryBuilder<LettaTables, 'letta_memories', O>, scope: AgentScope, now: Date) {
    return q
      .where('tenant', '=', scope.tenant)
      .where('agent_id', '=', scope.agentId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', toDbTimestamp(now))]));
  }

  private filtered<O>(
    q: SelectQueryBuilder<LettaTables, 'letta_memories', O>,
    scope: AgentScope,
    filter: MemoryFilter,
  ) {
    let out = q;
    if (filter.type) out = out.where('type', '=', filter.type);
    if (filter.sessionId !== undefined) {
      out =
        filter.sessionId === null
          ? out.where('session_id', 'is', null)
          : out.where('session_id', '=', filter.sessionId);
    }
    for (const tag of filter.tags ?? []) {
      out = out.where('id', 'in', (eb) =>
        eb
          .selectFrom('letta_memory_tags')
          .select('memory_id')
          .where('tenant', '=', scope.tenant)
          .where('agent_id', '=', scope.agentId)
          .where('tag', '=', tag),
      );
    }
    return out;
  }

  /** Runs `fn` in `db`'s transaction, or in a new one: a row and its index entry go together. */
  private atomically<T>(db: LettaDb, fn: (db: LettaDb) => Promise<T>): Promise<T> {
    return db.isTransaction ? fn(db) : this.transaction(fn);
  }

  /** SQLite: indexes rows (by rowid) in the agent-keyed full-text table (persistence/agent-terms.ts). */
  private async indexTerms(
    scope: AgentScope,
    rows: Array<{ seq: number; content: string }>,
    db: LettaDb,
  ): Promise<void> {
    if (this.dialect !== 'sqlite' || rows.length === 0) return;
    const token = scopeToken(scope);
    const values = rows.map((r) => sql`(${r.seq}, ${agentTermsDocument(token, r.content)})`);
    await sql`insert into letta_memory_terms(rowid, terms) values ${sql.join(values)}`.execute(db);
  }

  insert(scope: AgentScope, records: MemoryRecord[], db: LettaDb = this.db): Promise<Memory[]> {
    if (records.length === 0) return Promise.resolve([]);
    return this.atomically(db, (trx) => this.insertRows(scope, records, trx));
  }

  private async insertRows(scope: AgentScope, records: MemoryRecord[], db: LettaDb): Promise<Memory[]> {
    const token = scopeToken(scope);
    const rows = records.map((r) => ({
      id: r.id ?? newId(),
      tenant: scope.tenant,
      agent_id: scope.agentId,
      scope: token,
      type: r.type,
      content: r.content,
      metadata: toDbJson(r.metadata),
      importance: r.importance,
      session_id: r.sessionId,
      role: r.role,
      position: r.position,
      expires_at: r.expiresAt ? toDbTimestamp(r.expiresAt) : null,
      created_at: toDbTimestamp(r.createdAt),
      updated_at: toDbTimestamp(r.updatedAt),
      last_accessed_at: toDbTimestamp(r.lastAccessedAt),
      access_count: r.accessCount,
      embedding: r.embedding ? JSON.stringify(r.embedding) : null,
      ...signatureColumns(r.role === null ? r.content : null, signatureSalt(scope, r.type)),
    }));
    for (const part of chunks(rows, 50)) {
      if (this.dialect !== 'sqlite') {
        await db.insertInto('letta_memories').values(part).execute();
        continue;
      }
      // RETURNING's row order is unspecified, so rowids are matched back by id.
      const inserted = await db
        .insertInto('letta_memories')
        .values(part)
        .returning(['id', sql<number>`seq`.as('seq')])
        .execute();
      const content = new Map(part.map((row) => [row.id, row.content]));
      await this.indexTerms(
        scope,
        inserted.map((r) => ({ seq: Number(r.seq), content: content.get(r.id)! })),
        db,
      );
    }
    const tagRows = rows.flatMap((row, i) =>
      records[i].tags.map((tag) => ({ memory_id: row.id, tenant: scope.tenant, agent_id: scope.agentId, tag })),
    );
    for (const part of chunks(tagRows, 200)) await db.insertInto('letta_memory_tags').values(part).execute();
    return rows.map((row, i) => ({
      id: row.id,
      agentId: scope.agentId,
      type: records[i].type,
      content: records[i].content,
      metadata: records[i].metadata,
      tags: [...records[i].tags],
      importance: records[i].importance,
      sessionId: records[i].sessionId,
      role: records[i].role,
      expiresAt: records[i].expiresAt,
      createdAt: records[i].createdAt,
      updatedAt: records[i].updatedAt,
      lastAccessedAt: records[i].lastAccessedAt,
      accessCount: records[i].accessCount,
      embedded: records[i].embedding !== null,
    }));
  }

  async findById(scope: AgentScope, id: string, now: Date, db: LettaDb = this.db): Promise<Memory | undefined> {
    const row = await this.scoped(this.selectMemories(db), scope, now).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return (await this.withTags(scope, [row as SelectedMemoryRow], db))[0];
  }

  async findByIds(scope: AgentScope, ids: string[], now: Date, db: LettaDb = this.db): Promise<Memory[]> {
    const rows: SelectedMemoryRow[] = [];
    for (const part of chunks(ids)) {
      rows.push(
        ...((await this.scoped(this.selectMemories(db), scope, now)
          .where('id', 'in', part)
          .execute()) as SelectedMemoryRow[]),
      );
    }
    const memories = await this.withTags(scope, rows, db);
    const byId = new Map(memories.map((m) => [m.id, m]));
    return ids.map((id) => byId.get(id)).filter((m): m is Memory => m !== undefined);
  }

  /**
   * What ranking needs (importance, last access) of still-visible candidates found other than
   * by full text (hybrid search's embedded neighbours); full rows are loaded for winners only.
   */
  async rankingFields(scope: AgentScope, ids: string[], now: Date): Promise<RankingFields[]> {
    const out: RankingFields[] = [];
    for (const part of chunks(ids)) {
      const rows = await this.scoped(
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

  /** Newest first; filters combine with AND. */
  async list(scope: AgentScope, query: MemoryListQuery, now: Date): Promise<Page<Memory>> {
    let q = this.filtered(this.scoped(this.selectMemories(this.db), scope, now), scope, {
      type: query.type,
      tags: query.tag ? [query.tag] : undefined,
      sessionId: query.sessionId,
    });
    if (query.from) q = q.where('created_at', '>=', toDbTimestamp(query.from));
    if (query.to) q = q.where('created_at', '<', toDbTimestamp(query.to));
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', direction: 'desc', type: 'timestamp' },
    });
    return { items: await this.withTags(scope, page.items as SelectedMemoryRow[]), nextCursor: page.nextCursor };
  }

  /** A session's messages in the order they were appended (the last `limit` when given). */
  async sessionMessages(scope: AgentScope, sessionId: string, now: Date, limit?: number): Promise<Memory[]> {
    let q = this.scoped(this.selectMemories(this.db), scope, now)
      .where('session_id', '=', sessionId)
      .where('position', 'is not', null);
    q = limit !== undefined ? q.orderBy('position', 'desc').limit(limit) : q.orderBy('position', 'asc');
    const rows = (await q.execute()) as SelectedMemoryRow[];
    if (limit !== undefined) rows.reverse();
    return this.withTags(scope, rows);
  }

  update(scope: AgentScope, id: string, change: MemoryUpdate, db: LettaDb = this.db): Promise<void> {
    return this.atomically(db, (trx) => this.updateRow(scope, id, change, trx));
  }

  private async updateRow(scope: AgentScope, id: string, change: MemoryUpdate, db: LettaDb): Promise<void> {
    const set: Record<string, unknown> = { updated_at: toDbTimestamp(change.updatedAt) };
    if (change.content !== undefined)
      Object.assign(set, {
        content: change.content,
        ...signatureColumns(change.isMessage ? null : change.content, signatureSalt(scope, change.type)),
      });
    if (change.importance !== undefined) set.importance = change.importance;
    if (change.metadata !== undefined) set.metadata = toDbJson(change.metadata);
    if (change.expiresAt !== undefined) set.expires_at = change.expiresAt ? toDbTimestamp(change.expiresAt) : null;
    if (change.embedding !== undefined) set.embedding = change.embedding ? JSON.stringify(change.embedding) : null;
    if (change.lastAccessedAt) set.last_accessed_at = toDbTimestamp(change.lastAccessedAt);
    let q = db
      .updateTable('letta_memories')
      .set(set)
      .where('tenant', '=', scope.tenant)
      .where('agent_id', '=', scope.agentId)
      .where('id', '=', id);
    if (change.accessIncrement) q = q.set((eb) => ({ access_count: eb('access_count', '+', change.accessIncrement!) }));
    await q.execute();
    if (change.content !== undefined && this.dialect === 'sqlite') {
      const { rows } = await sql<{ seq: number }>`
        select seq from letta_memories where tenant = ${scope.tenant} and agent_id = ${scope.agentId} and id = ${id}`.execute(
        db,
      );
      if (rows[0]) {
        await sql`delete from letta_memory_terms where rowid = ${rows[0].seq}`.execute(db);
        await this.indexTerms(scope, [{ seq: Number(rows[0].seq), content: change.content }], db);
      }
    }
    if (change.tags !== undefined) {
      await db.deleteFrom('letta_memory_tags').where('memory_id', '=', id).execute();
      if (change.tags.length) {
        await db
          .insertInto('letta_memory_tags')
          .values(change.tags.map((tag) => ({ memory_id: id, tenant: scope.tenant, agent_id: scope.agentId, tag })))
          .execute();
      }
    }
  }

  /** Records a retrieval: last access now, one more access. */
  async touch(scope: AgentScope, ids: string[], now: Date): Promise<void> {
    for (const part of chunks(ids)) {
      await this.db
        .updateTable('letta_memories')
        .set((eb) => ({ last_accessed_at: toDbTimestamp(now), access_count: eb('access_count', '+', 1) }))
        .where('tenant', '=', scope.tenant)
        .where('agent_id', '=', scope.agentId)
        .where('id', 'in', part)
        .execute();
    }
  }

  async delete(scope: AgentScope, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('letta_memories')
      .where('tenant', '=', scope.tenant)
      .where('agent_id', '=', scope.agentId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Deletes by id within one agent (tags go with them by ON DELETE CASCADE). */
  async deleteIds(scope: AgentScope, ids: string[], db: LettaDb = this.db): Promise<number> {
    let n = 0;
    for (const part of chunks(ids)) {
      const r = await db
        .deleteFrom('letta_memories')
        .where('tenant', '=', scope.tenant)
        .where('agent_id', '=', scope.agentId)
        .where('id', 'in', part)
        .executeTakeFirst();
      n += Number(r.numDeletedRows);
    }
    return n;
  }

  async deleteAgent(scope: AgentScope, db: LettaDb = this.db): Promise<number> {
    const r = await db
      .deleteFrom('letta_memories')
      .where('tenant', '=', scope.tenant)
      .where('agent_id', '=', scope.agentId)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async count(scope: AgentScope, now: Date): Promise<number> {
    const row = await this.scoped(
      this.db.selectFrom('letta_memories').select((eb) => eb.fn.countAll().as('n')),
      scope,
      now,
    ).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Every memory of the agent, expired or not, oldest first (export). */
  async all(scope: AgentScope, limit: number): Promise<Array<Memory & { position: number | null }>> {
    const rows = (await this.selectMemories(this.db)
      .where('tenant', '=', scope.tenant)
      .where('agent_id', '=', scope.agentId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(limit)
      .execute()) as Array<SelectedMemoryRow & { position: number | null }>;
    const memories = await this.withTags(scope, rows);
    return memories.map((m, i) => ({ ...m, position: rows[i].position === null ? null : Number(rows[i].position) }));
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
        sql`m.id in (select memory_id from letta_memory_tags where tenant = ${scope.tenant} and agent_id = ${scope.agentId} and tag = ${tag})`,
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
          select m.id as id, -bm25(letta_memory_terms) as text_rank, m.importance as importance, m.last_accessed_at as last_accessed_at
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
        select p.id as id, ts_rank(p.search, to_tsquery('english', ${tsquery}), 1) as text_rank, p.importance as importance, p.last_accessed_at as last_accessed_at
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
        where letta_memory_terms match ${agentTermsQuery(scopeToken(scope), terms, operator)} order by rowid desc limit ${pool}`.execute(
        db,
      );
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
      const { rows } = await sql<{ seq: number; id: string; importance: number; last_accessed_at: unknown }>`
        select seq, id, importance, last_accessed_at from letta_memories
        where seq in (${sql.join(part.map(([seq]) => seq))}) and +tenant = ${scope.tenant} and +agent_id = ${scope.agentId}
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

  /**
   * Ids of the agent's memories of `type` sharing at least one MinHash value with `content`
   * (memories/minhash.ts): the near-duplicate candidates. The signature is salted with tenant,
   * agent and type, so the query needs no other condition and stays four index lookups; the
   * caller loads the ids through the scoped reads. Session messages carry no signature.
   */
  async nearDuplicateCandidates(
    scope: AgentScope,
    type: MemoryType,
    content: string,
    limit: number,
    db: LettaDb = this.db,
  ): Promise<string[]> {
    const signature = minHashSignature(content, signatureSalt(scope, type));
    if (!signature) return [];
    const rows = await db
      .selectFrom('letta_memories')
      .select('id')
      .where((eb) => eb.or(MINHASH_COLUMNS.map((column, i) => eb(column, '=', signature[i]))))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** The agent's most recently used memories that have an embedding (hybrid search candidates). */
  async recentEmbedded(scope: AgentScope, filter: MemoryFilter, limit: number, now: Date): Promise<string[]> {
    const rows = await this.filtered(
      this.scoped(this.db.selectFrom('letta_memories').select('id'), scope, now),
      scope,
      filter,
    )
      .where('embedding', 'is not', null)
      .orderBy('last_accessed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async embeddings(scope: AgentScope, ids: string[]): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('letta_memories')
        .select(['id', 'embedding'])
        .where('tenant', '=', scope.tenant)
        .where('agent_id', '=', scope.agentId)
        .where('id', 'in', part)
        .execute();
      for (const r of rows) {
        const v = parseEmbedding(r.embedding);
        if (v) out.set(r.id, v);
      }
    }
    return out;
  }

  private async withTags(_scope: AgentScope, rows: SelectedMemoryRow[], db: LettaDb = this.db): Promise<Memory[]> {
    const tags = new Map<string, string[]>();
    for (const part of chunks(rows.map((r) => r.id))) {
      // By primary key only: the ids come from rows already selected within the scope.
      const tagRows = await db
        .selectFrom('letta_memory_tags')
        .select(['memory_id', 'tag'])
        .where('memory_id', 'in', part)
        .orderBy('tag')
        .execute();
      for (const t of tagRows) tags.set(t.memory_id, [...(tags.get(t.memory_id) ?? []), t.tag]);
    }
    return rows.map((r) => toMemory(this.dialect, r, tags.get(r.id) ?? []));
  }
}
