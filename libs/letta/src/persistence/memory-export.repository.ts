import { Injectable } from '@nestjs/common';
import { TablesRepository } from '@app/infrastructure';
import type { AgentScope, Memory } from '../memories/memory.types';
import { selectMemories, withTags } from './memory-queries';
import type { LettaTables } from './tables';
import { ofAgent } from './agent-scope-filter';

/** Reads for an agent's memory export: every memory, expired or not, with its session position. */
@Injectable()
export class MemoryExportRepository extends TablesRepository<LettaTables> {
  /** Every memory of the agent, expired or not, oldest first (export). */
  async all(scope: AgentScope, limit: number): Promise<Array<Memory & { position: number | null }>> {
    const rows = await selectMemories(this.db)
      .where(ofAgent(scope))
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    const memories = await withTags(this.database.dialect, this.db, rows);
    return memories.map((m, i) => ({ ...m, position: rows[i].position === null ? null : Number(rows[i].position) }));
  }
}
