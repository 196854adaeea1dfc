import { Injectable } from '@nestjs/common';
import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import { Database, newId, paginate, toDbJson, toDbTimestamp, type Page } from '@app/infrastructure';
import { MINHASH_COLUMNS, minHashSignature, type MinHashColumn } from '../memories/minhash';
import type { AgentScope, Memory, MemoryListQuery, MemoryType } from '../memories/memory.types';
import type { ExportedMemory } from '../transfer/transfer.types';
import { agentTermsDocument } from './agent-terms';
import { chunks, filtered, selectMemories, visible, withTags } from './memory-queries';
import type { SelectedMemoryRow } from './row-mapping';
import { scopeToken } from './scope-token';
import type { LettaDb, LettaTables, MemoryRow } from './tables';
import { ofAgent } from './agent-scope-filter';

/** Everything stored for one memory; timestamps are explicit so import can restore them. */
export interface MemoryRecord extends Omit<ExportedMemory, 'id'> {
  id?: string;
  embedding: number[] | null;
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
    MinHashColumn,
    number | null
  >;
}

/**
 * Memory CRUD, always scoped: every statement filters by tenant and agent. Writes keep the row, its
 * tags, its near-duplicate signature and (SQLite) its full-text entry together.
 */
@Injectable()
export class MemoryRepository {
  constructor(private readonly database: Database) {}

  /** Public for the benchmark's bulk loading and raw statements (`@app/letta/testing`). */
  get db(): Kysely<LettaTables> {
    return this.database.tables<LettaTables>();
  }

  private get dialect() {
    return this.database.dialect;
  }

  transaction<T>(fn: (trx: Transaction<LettaTables>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
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
    const row = await visible(selectMemories(db), scope, now).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return (await withTags(this.dialect, db, [row]))[0];
  }

  async findByIds(scope: AgentScope, ids: string[], now: Date, db: LettaDb = this.db): Promise<Memory[]> {
    const rows: SelectedMemoryRow[] = [];
    for (const part of chunks(ids)) {
      rows.push(...(await visible(selectMemories(db), scope, now).where('id', 'in', part).execute()));
    }
    const memories = await withTags(this.dialect, db, rows);
    const byId = new Map(memories.map((m) => [m.id, m]));
    return ids.map((id) => byId.get(id)).filter((m): m is Memory => m !== undefined);
  }

  /** Newest first; filters combine with AND. */
  async list(scope: AgentScope, query: MemoryListQuery, now: Date): Promise<Page<Memory>> {
    let q = filtered(visible(selectMemories(this.db), scope, now), scope, {
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
    return { items: await withTags(this.dialect, this.db, page.items), nextCursor: page.nextCursor };
  }

  /** A session's messages in the order they were appended (the last `limit` when given). */
  async sessionMessages(scope: AgentScope, sessionId: string, now: Date, limit?: number): Promise<Memory[]> {
    let q = visible(selectMemories(this.db), scope, now)
      .where('session_id', '=', sessionId)
      .where('position', 'is not', null);
    q = limit !== undefined ? q.orderBy('position', 'desc').limit(limit) : q.orderBy('position', 'asc');
    const rows = await q.execute();
    if (limit !== undefined) rows.reverse();
    return withTags(this.dialect, this.db, rows);
  }

  update(scope: AgentScope, id: string, change: MemoryUpdate, db: LettaDb = this.db): Promise<void> {
    return this.atomically(db, (trx) => this.updateRow(scope, id, change, trx));
  }

  private async updateRow(scope: AgentScope, id: string, change: MemoryUpdate, db: LettaDb): Promise<void> {
    const set: Updateable<MemoryRow> = { updated_at: toDbTimestamp(change.updatedAt) };
    if (change.content !== undefined) {
      set.content = change.content;
      Object.assign(set, signatureColumns(change.isMessage ? null : change.content, signatureSalt(scope, change.type)));
    }
    if (change.importance !== undefined) set.importance = change.importance;
    if (change.metadata !== undefined) set.metadata = toDbJson(change.metadata);
    if (change.expiresAt !== undefined) set.expires_at = change.expiresAt ? toDbTimestamp(change.expiresAt) : null;
    if (change.embedding !== undefined) set.embedding = change.embedding ? JSON.stringify(change.embedding) : null;
    if (change.lastAccessedAt) set.last_accessed_at = toDbTimestamp(change.lastAccessedAt);
    let q = db.updateTable('letta_memories').set(set).where(ofAgent(scope)).where('id', '=', id);
    if (change.accessIncrement) q = q.set((eb) => ({ access_count: eb('access_count', '+', change.accessIncrement!) }));
    await q.execute();
    if (change.content !== undefined && this.dialect === 'sqlite') {
      const { rows } = await sql<{ seq: number }>`
        select seq from letta_memories
        where tenant = ${scope.tenant} and agent_id = ${scope.agentId} and id = ${id}`.execute(db);
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

  /**
   * Records a retrieval: last access now, one more access. On PostgreSQL the commit does not wait
   * for the WAL flush (synchronous_commit off, for this statement's transaction only): a crash may
   * lose the last fraction of a second of access records, never a memory, and a search no longer
   * waits for the disk. The setting is made by the statement itself (set_config, local to its
   * transaction), so each update is one round trip; a transaction around it with SET LOCAL cost
   * three more per search.
   */
  async touch(scope: AgentScope, ids: string[], now: Date): Promise<void> {
    for (const part of chunks(ids)) {
      let update = this.db
        .updateTable('letta_memories')
        .set((eb) => ({ last_accessed_at: toDbTimestamp(now), access_count: eb('access_count', '+', 1) }))
        .where(ofAgent(scope))
        .where('id', 'in', part);
      if (this.dialect === 'postgres')
        update = update.from(sql`(select set_config('synchronous_commit', 'off', true))`.as('async_commit'));
      await update.execute();
    }
  }

  async delete(scope: AgentScope, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('letta_memories')
      .where(ofAgent(scope))
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Deletes by id within one agent (tags go with them by ON DELETE CASCADE). */
  async deleteIds(scope: AgentScope, ids: string[], db: LettaDb = this.db): Promise<number> {
    let n = 0;
    for (const part of chunks(ids)) {
      const r = await db.deleteFrom('letta_memories').where(ofAgent(scope)).where('id', 'in', part).executeTakeFirst();
      n += Number(r.numDeletedRows);
    }
    return n;
  }

  async deleteAgent(scope: AgentScope, db: LettaDb = this.db): Promise<number> {
    const r = await db.deleteFrom('letta_memories').where(ofAgent(scope)).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async count(scope: AgentScope, now: Date): Promise<number> {
    const row = await visible(
      this.db.selectFrom('letta_memories').select((eb) => eb.fn.countAll().as('n')),
      scope,
      now,
    ).executeTakeFirstOrThrow();
    return Number(row.n);
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
}
