import { Injectable } from '@nestjs/common';
import { toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { Thread, ThreadStatus } from '../platform/platform.types';
import { toThread } from './platform-row-mapping';
import type { LanggraphDb, LanggraphTables } from './tables';

export interface ThreadFilter {
  metadata?: Record<string, unknown>;
  status?: ThreadStatus;
  ids?: string[];
}

/** How many rows a filtered search reads at most (metadata is matched in code, on both dialects). */
const SCAN_LIMIT = 10_000;

/** LangGraph Platform threads; every statement is filtered by tenant. */
@Injectable()
export class ThreadRepository extends TablesRepository<LanggraphTables> {
  /** Inserts; false when the id is taken (by this tenant or another). */
  async insert(thread: Thread, db: LanggraphDb = this.db): Promise<boolean> {
    const result = await db
      .insertInto('langgraph_threads')
      .values({
        tenant: thread.tenant,
        thread_id: thread.threadId,
        metadata: toDbJson(thread.metadata) as string,
        status: thread.status,
        graph_id: thread.graphId,
        assistant_id: thread.assistantId,
        created_at: toDbTimestamp(thread.createdAt),
        updated_at: toDbTimestamp(thread.updatedAt),
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async find(tenant: string, threadId: string, db: LanggraphDb = this.db): Promise<Thread | null> {
    const row = await db
      .selectFrom('langgraph_threads')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('thread_id', '=', threadId)
      .executeTakeFirst();
    return row ? toThread(this.database.dialect, row) : null;
  }

  async update(
    tenant: string,
    threadId: string,
    patch: Partial<Pick<Thread, 'metadata' | 'status' | 'graphId' | 'assistantId'>>,
    db: LanggraphDb = this.db,
  ): Promise<void> {
    await db
      .updateTable('langgraph_threads')
      .set({
        updated_at: toDbTimestamp(new Date()),
        ...(patch.metadata !== undefined ? { metadata: toDbJson(patch.metadata) } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.graphId !== undefined ? { graph_id: patch.graphId } : {}),
        ...(patch.assistantId !== undefined ? { assistant_id: patch.assistantId } : {}),
      })
      .where('tenant', '=', tenant)
      .where('thread_id', '=', threadId)
      .execute();
  }

  async delete(tenant: string, threadId: string, db: LanggraphDb = this.db): Promise<boolean> {
    const result = await db
      .deleteFrom('langgraph_threads')
      .where('tenant', '=', tenant)
      .where('thread_id', '=', threadId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Newest-updated first; metadata matches when it contains every given key with an equal value. */
  async search(
    tenant: string,
    filter: ThreadFilter,
    page: { limit: number; offset: number; sortBy?: string; sortOrder?: 'asc' | 'desc' },
  ): Promise<Thread[]> {
    const column =
      page.sortBy === 'created_at' ? 'created_at' : page.sortBy === 'thread_id' ? 'thread_id' : 'updated_at';
    let select = this.db.selectFrom('langgraph_threads').selectAll().where('tenant', '=', tenant);
    if (filter.status) select = select.where('status', '=', filter.status);
    if (filter.ids?.length) select = select.where('thread_id', 'in', filter.ids);
    const rows = await select
      .orderBy(column, page.sortOrder ?? 'desc')
      .orderBy('thread_id')
      .limit(filter.metadata ? SCAN_LIMIT : page.limit)
      .offset(filter.metadata ? 0 : page.offset)
      .execute();
    const threads = rows.map((row) => toThread(this.database.dialect, row));
    if (!filter.metadata) return threads;
    return threads.filter((t) => contains(t.metadata, filter.metadata!)).slice(page.offset, page.offset + page.limit);
  }

  async count(tenant: string, filter: ThreadFilter): Promise<number> {
    return (await this.search(tenant, filter, { limit: SCAN_LIMIT, offset: 0 })).length;
  }
}

/** JSONB-style containment: every key of `wanted` is in `have` with a deeply equal value. */
export function contains(have: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([key, value]) => JSON.stringify(have[key]) === JSON.stringify(value));
}
