import { Injectable } from '@nestjs/common';
import { toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { StreamChunk } from '../platform/platform.types';
import { toStreamChunk } from './platform-row-mapping';
import type { LanggraphTables } from './tables';

/**
 * The chunks Platform runs streamed, in id order. No tenant column: callers reach a run's chunks
 * through the run, whose statements filter by tenant.
 */
@Injectable()
export class StreamEventRepository extends TablesRepository<LanggraphTables> {
  async insert(chunk: StreamChunk): Promise<void> {
    await this.db
      .insertInto('langgraph_stream_events')
      .values({
        id: chunk.id,
        run_id: chunk.runId,
        event: chunk.event,
        data: toDbJson(chunk.data ?? null),
        at: toDbTimestamp(new Date()),
      })
      .execute();
  }

  async list(runId: string, afterId: string | null, limit: number): Promise<StreamChunk[]> {
    let select = this.db.selectFrom('langgraph_stream_events').selectAll().where('run_id', '=', runId);
    if (afterId) select = select.where('id', '>', afterId);
    const rows = await select.orderBy('id').limit(limit).execute();
    return rows.map((row) => toStreamChunk(this.database.dialect, row));
  }

  /** The run's newest `count` chunks of one event name, newest first. */
  async last(runId: string, event: string, count: number): Promise<StreamChunk[]> {
    const rows = await this.db
      .selectFrom('langgraph_stream_events')
      .selectAll()
      .where('run_id', '=', runId)
      .where('event', '=', event)
      .orderBy('id', 'desc')
      .limit(count)
      .execute();
    return rows.map((row) => toStreamChunk(this.database.dialect, row));
  }
}
