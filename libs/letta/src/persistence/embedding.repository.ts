import { Injectable } from '@nestjs/common';
import { TablesRepository } from '@app/infrastructure';
import type { AgentScope } from '../memories/memory.types';
import { chunks, filtered, visible, type MemoryFilter } from './memory-queries';
import { parseEmbedding } from './row-mapping';
import type { LettaTables } from './tables';
import { ofAgent } from './agent-scope-filter';

/** Stored embeddings: hybrid search's nearest-neighbour candidates and their vectors. */
@Injectable()
export class EmbeddingRepository extends TablesRepository<LettaTables> {
  /** The agent's most recently used memories that have an embedding (hybrid search candidates). */
  async recentEmbedded(scope: AgentScope, filter: MemoryFilter, limit: number, now: Date): Promise<string[]> {
    const rows = await filtered(visible(this.db.selectFrom('letta_memories').select('id'), scope, now), scope, filter)
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
        .where(ofAgent(scope))
        .where('id', 'in', part)
        .execute();
      for (const r of rows) {
        const v = parseEmbedding(r.embedding);
        if (v) out.set(r.id, v);
      }
    }
    return out;
  }
}
