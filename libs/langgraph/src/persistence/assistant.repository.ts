import { Injectable } from '@nestjs/common';
import { toDbBoolean, toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { Assistant } from '../platform/platform.types';
import { toAssistant } from './platform-row-mapping';
import type { LanggraphDb, LanggraphTables } from './tables';

/** Assistants, one row per version; every statement is filtered by tenant. */
@Injectable()
export class AssistantRepository extends TablesRepository<LanggraphTables> {
  transaction<T>(work: (db: LanggraphDb) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  async insert(a: Assistant, db: LanggraphDb = this.db): Promise<void> {
    const dialect = this.database.dialect;
    await db
      .insertInto('langgraph_assistants')
      .values({
        tenant: a.tenant,
        assistant_id: a.assistantId,
        version: a.version,
        graph_id: a.graphId,
        name: a.name,
        description: a.description,
        config: toDbJson(a.config) as string,
        context: toDbJson(a.context) as string,
        metadata: toDbJson(a.metadata) as string,
        latest: toDbBoolean(dialect, a.latest),
        created_at: toDbTimestamp(a.createdAt),
        updated_at: toDbTimestamp(a.updatedAt),
      })
      .execute();
  }

  /** The latest version, or the given one. */
  async find(
    tenant: string,
    assistantId: string,
    version?: number,
    db: LanggraphDb = this.db,
  ): Promise<Assistant | null> {
    let select = db
      .selectFrom('langgraph_assistants')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('assistant_id', '=', assistantId);
    select =
      version === undefined
        ? select.where('latest', '=', toDbBoolean(this.database.dialect, true))
        : select.where('version', '=', version);
    const row = await select.executeTakeFirst();
    return row ? toAssistant(this.database.dialect, row) : null;
  }

  async maxVersion(tenant: string, assistantId: string, db: LanggraphDb = this.db): Promise<number> {
    const row = await db
      .selectFrom('langgraph_assistants')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('tenant', '=', tenant)
      .where('assistant_id', '=', assistantId)
      .executeTakeFirst();
    return Number(row?.v ?? 0);
  }

  async setLatest(tenant: string, assistantId: string, version: number, db: LanggraphDb = this.db): Promise<void> {
    const dialect = this.database.dialect;
    await db
      .updateTable('langgraph_assistants')
      .set({ latest: toDbBoolean(dialect, false) })
      .where('tenant', '=', tenant)
      .where('assistant_id', '=', assistantId)
      .execute();
    await db
      .updateTable('langgraph_assistants')
      .set({ latest: toDbBoolean(dialect, true), updated_at: toDbTimestamp(new Date()) })
      .where('tenant', '=', tenant)
      .where('assistant_id', '=', assistantId)
      .where('version', '=', version)
      .execute();
  }

  async versions(tenant: string, assistantId: string, limit: number, offset: number): Promise<Assistant[]> {
    const rows = await this.db
      .selectFrom('langgraph_assistants')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('assistant_id', '=', assistantId)
      .orderBy('version', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((row) => toAssistant(this.database.dialect, row));
  }

  /** Latest versions, newest first, optionally of one graph or name; metadata matched by the caller. */
  async latest(tenant: string, filter: { graphId?: string; name?: string }, limit: number): Promise<Assistant[]> {
    let select = this.db
      .selectFrom('langgraph_assistants')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('latest', '=', toDbBoolean(this.database.dialect, true));
    if (filter.graphId) select = select.where('graph_id', '=', filter.graphId);
    if (filter.name) select = select.where('name', '=', filter.name);
    const rows = await select.orderBy('created_at', 'desc').orderBy('assistant_id').limit(limit).execute();
    return rows.map((row) => toAssistant(this.database.dialect, row));
  }

  async delete(tenant: string, assistantId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('langgraph_assistants')
      .where('tenant', '=', tenant)
      .where('assistant_id', '=', assistantId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async count(tenant: string): Promise<number> {
    const row = await this.db
      .selectFrom('langgraph_assistants')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant', '=', tenant)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
