import { Injectable } from '@nestjs/common';
import { toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { RunEvent } from '../runs/run.types';
import { toRunEvent } from './row-mapping';
import type { LanggraphDb, LanggraphTables } from './tables';

/**
 * Runs' event logs (the SSE stream's source), in id order. The table has no tenant column:
 * callers reach a run's events through the run, whose statements filter by tenant.
 */
@Injectable()
export class RunEventRepository extends TablesRepository<LanggraphTables> {
  async insert(event: RunEvent, db: LanggraphDb = this.db): Promise<void> {
    await db
      .insertInto('langgraph_run_events')
      .values({
        id: event.id,
        run_id: event.runId,
        type: event.type,
        data: toDbJson(event.data),
        at: toDbTimestamp(event.at),
      })
      .execute();
  }

  /** Up to `limit` events of the run after `afterId` (from the start when null). */
  async list(runId: string, afterId: string | null, limit: number, db: LanggraphDb = this.db): Promise<RunEvent[]> {
    let select = db.selectFrom('langgraph_run_events').selectAll().where('run_id', '=', runId);
    if (afterId) select = select.where('id', '>', afterId);
    const rows = await select.orderBy('id').limit(limit).execute();
    return rows.map((row) => toRunEvent(this.database.dialect, row));
  }
}
