import { Injectable } from '@nestjs/common';
import { toDbBoolean, toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { Cron } from '../platform/platform.types';
import { toCron } from './platform-row-mapping';
import type { LanggraphTables } from './tables';

/** Crons of the Platform API; every statement is filtered by tenant. */
@Injectable()
export class CronRepository extends TablesRepository<LanggraphTables> {
  async insert(cron: Cron): Promise<void> {
    await this.db
      .insertInto('langgraph_crons')
      .values({
        tenant: cron.tenant,
        cron_id: cron.cronId,
        assistant_id: cron.assistantId,
        thread_id: cron.threadId,
        schedule: cron.schedule,
        timezone: cron.timezone,
        payload: toDbJson(cron.payload) as string,
        metadata: toDbJson(cron.metadata) as string,
        enabled: toDbBoolean(this.database.dialect, cron.enabled),
        schedule_id: cron.scheduleId,
        end_time: cron.endTime ? toDbTimestamp(cron.endTime) : null,
        created_at: toDbTimestamp(cron.createdAt),
        updated_at: toDbTimestamp(cron.updatedAt),
      })
      .execute();
  }

  async find(tenant: string, cronId: string): Promise<Cron | null> {
    const row = await this.db
      .selectFrom('langgraph_crons')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('cron_id', '=', cronId)
      .executeTakeFirst();
    return row ? toCron(this.database.dialect, row) : null;
  }

  async update(
    tenant: string,
    cronId: string,
    patch: Partial<Omit<Cron, 'tenant' | 'cronId' | 'createdAt'>>,
  ): Promise<void> {
    const dialect = this.database.dialect;
    await this.db
      .updateTable('langgraph_crons')
      .set({
        updated_at: toDbTimestamp(new Date()),
        ...(patch.schedule !== undefined ? { schedule: patch.schedule } : {}),
        ...(patch.timezone !== undefined ? { timezone: patch.timezone } : {}),
        ...(patch.payload !== undefined ? { payload: toDbJson(patch.payload) } : {}),
        ...(patch.metadata !== undefined ? { metadata: toDbJson(patch.metadata) } : {}),
        ...(patch.enabled !== undefined ? { enabled: toDbBoolean(dialect, patch.enabled) } : {}),
        ...(patch.scheduleId !== undefined ? { schedule_id: patch.scheduleId } : {}),
        ...(patch.endTime !== undefined ? { end_time: patch.endTime ? toDbTimestamp(patch.endTime) : null } : {}),
      })
      .where('tenant', '=', tenant)
      .where('cron_id', '=', cronId)
      .execute();
  }

  async delete(tenant: string, cronId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('langgraph_crons')
      .where('tenant', '=', tenant)
      .where('cron_id', '=', cronId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Newest first, at most `scan` (metadata is matched by the caller). */
  async search(
    tenant: string,
    filter: { assistantId?: string; threadId?: string; enabled?: boolean },
    scan: number,
  ): Promise<Cron[]> {
    let select = this.db.selectFrom('langgraph_crons').selectAll().where('tenant', '=', tenant);
    if (filter.assistantId) select = select.where('assistant_id', '=', filter.assistantId);
    if (filter.threadId) select = select.where('thread_id', '=', filter.threadId);
    if (filter.enabled !== undefined)
      select = select.where('enabled', '=', toDbBoolean(this.database.dialect, filter.enabled));
    const rows = await select.orderBy('created_at', 'desc').orderBy('cron_id').limit(scan).execute();
    return rows.map((row) => toCron(this.database.dialect, row));
  }
}
