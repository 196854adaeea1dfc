import { Injectable } from '@nestjs/common';
import {
  fromDbInteger,
  newId,
  paginate,
  toDbJson,
  toDbTimestamp,
  type Page,
  TablesRepository,
} from '@app/infrastructure';
import type { AgentScope } from '../memories/memory.types';
import type { Session, SessionListQuery } from '../sessions/session.types';
import { toSession } from './row-mapping';
import type { LettaDb, LettaTables } from './tables';
import { ofAgent } from './agent-scope-filter';

/** Everything stored for one session; the id is generated when absent. */
export type SessionRecord = Omit<Session, 'agentId' | 'id'> & { id?: string };

/** Conversation sessions of an agent; their messages are episodic memories. */
@Injectable()
export class SessionRepository extends TablesRepository<LettaTables> {
  async insert(scope: AgentScope, record: SessionRecord, db: LettaDb = this.db): Promise<Session> {
    const row = {
      id: record.id ?? newId(),
      tenant: scope.tenant,
      agent_id: scope.agentId,
      title: record.title,
      metadata: toDbJson(record.metadata),
      status: record.status,
      message_count: record.messageCount,
      summary_memory_id: record.summaryMemoryId,
      created_at: toDbTimestamp(record.createdAt),
      ended_at: record.endedAt ? toDbTimestamp(record.endedAt) : null,
    };
    await db.insertInto('letta_sessions').values(row).execute();
    return { id: row.id, agentId: scope.agentId, ...record };
  }

  async find(scope: AgentScope, id: string, db: LettaDb = this.db): Promise<Session | undefined> {
    const row = await db
      .selectFrom('letta_sessions')
      .selectAll()
      .where(ofAgent(scope))
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSession(this.database.dialect, row) : undefined;
  }

  async list(scope: AgentScope, query: SessionListQuery): Promise<Page<Session>> {
    let q = this.db.selectFrom('letta_sessions').selectAll().where(ofAgent(scope));
    if (query.status) q = q.where('status', '=', query.status);
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', direction: 'desc', type: 'timestamp' },
    });
    return { items: page.items.map((r) => toSession(this.database.dialect, r)), nextCursor: page.nextCursor };
  }

  /**
   * Reserves `n` message positions in an active session, atomically: the status check and the
   * increment are one UPDATE, so a concurrent end cannot slip between them. Returns the first
   * reserved position, or undefined when the session is not active.
   */
  async reservePositions(scope: AgentScope, id: string, n: number, db: LettaDb): Promise<number | undefined> {
    const row = await db
      .updateTable('letta_sessions')
      .set((eb) => ({ message_count: eb('message_count', '+', n) }))
      .where(ofAgent(scope))
      .where('id', '=', id)
      .where('status', '=', 'active')
      .returning('message_count')
      .executeTakeFirst();
    return row ? fromDbInteger(row.message_count) - n : undefined;
  }

  /** Ends an active session; false when it was not active (already ended). */
  async end(scope: AgentScope, id: string, at: Date, summaryMemoryId: string | null, db: LettaDb): Promise<boolean> {
    const r = await db
      .updateTable('letta_sessions')
      .set({ status: 'ended', ended_at: toDbTimestamp(at), summary_memory_id: summaryMemoryId })
      .where(ofAgent(scope))
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async all(scope: AgentScope): Promise<Session[]> {
    const rows = await this.db
      .selectFrom('letta_sessions')
      .selectAll()
      .where(ofAgent(scope))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => toSession(this.database.dialect, r));
  }

  async deleteAgent(scope: AgentScope, db: LettaDb = this.db): Promise<void> {
    await db.deleteFrom('letta_sessions').where(ofAgent(scope)).execute();
  }
}
