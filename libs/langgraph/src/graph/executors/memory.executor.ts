import { Injectable } from '@nestjs/common';
import { MemoryService, SearchService } from '@app/letta';
import type { MemoryType } from '@app/letta';
import type { NodeContext } from '../node-runtime';

export interface MemoryWrite {
  agentId: string;
  type: MemoryType;
  content: unknown;
  tags?: string[];
  importance?: number;
  metadata?: Record<string, unknown>;
}

/** Memory nodes and the final reports go to agent memory (libs/letta). */
@Injectable()
export class MemoryExecutor {
  constructor(
    private readonly memories: MemoryService,
    private readonly search: SearchService,
  ) {}

  async write(ctx: NodeContext, request: MemoryWrite) {
    const content = typeof request.content === 'string' ? request.content : JSON.stringify(request.content);
    const { memory, deduplicated } = await this.memories.create(
      { tenant: ctx.run.tenant, agentId: request.agentId },
      {
        type: request.type,
        content,
        tags: request.tags,
        importance: request.importance,
        metadata: {
          workflow: ctx.run.workflow,
          version: ctx.run.version,
          runId: ctx.run.runId,
          node: ctx.key,
          ...(request.metadata ?? {}),
        },
      },
    );
    return { memoryId: memory.id, agentId: request.agentId, deduplicated };
  }

  async query(
    ctx: NodeContext,
    request: { agentId: string; query: unknown; type?: MemoryType; tags?: string[]; limit?: number },
  ) {
    const q = typeof request.query === 'string' ? request.query : JSON.stringify(request.query);
    const result = await this.search.search(
      { tenant: ctx.run.tenant, agentId: request.agentId },
      { q, type: request.type, tags: request.tags, limit: request.limit ?? 5 },
    );
    return {
      query: q,
      hits: result.items.map((hit) => ({
        id: hit.memory.id,
        type: hit.memory.type,
        content: hit.memory.content,
        score: hit.scores.total,
      })),
    };
  }
}
