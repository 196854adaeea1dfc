import { Injectable } from '@nestjs/common';
import { AppError, LettaSettings } from '@app/infrastructure';
import type { AgentScope } from '../memories/memory.types';
import type { BlockInput, CoreBlock } from './block.types';
import { LettaMetrics } from '../letta.metrics';
import { BlockRepository } from '../persistence/block.repository';
import { MemoryRepository } from '../persistence/memory.repository';

/** Core memory: small labelled blocks always placed first in an agent's context. */
@Injectable()
export class BlockService {
  constructor(
    private readonly blocks: BlockRepository,
    private readonly memories: MemoryRepository,
    private readonly settings: LettaSettings,
    private readonly metrics: LettaMetrics,
  ) {}

  /** Creates or replaces a block; `created` tells which. */
  put(scope: AgentScope, label: string, input: BlockInput): Promise<{ block: CoreBlock; created: boolean }> {
    return this.metrics.track('block_put', async () => {
      const { defaultLimitChars, maxLimitChars, maxBlocksPerAgent } = this.settings.blocks;
      if (input.limitChars !== undefined && input.limitChars > maxLimitChars) {
        throw AppError.validation([
          { field: 'limitChars', message: `must be at most ${maxLimitChars} (MEMORY_BLOCK_MAX_LIMIT_CHARS)` },
        ]);
      }
      const now = new Date();
      return this.memories.transaction(async (trx) => {
        const existing = await this.blocks.find(scope, label, trx);
        const limit = input.limitChars ?? existing?.limitChars ?? defaultLimitChars;
        if (input.value.length > limit) {
          throw AppError.validation([
            {
              field: 'value',
              message: `is ${input.value.length} characters, over the block's limit of ${limit} characters`,
            },
          ]);
        }
        const description = input.description !== undefined ? input.description : (existing?.description ?? null);
        const write = { label, value: input.value, limitChars: limit, description, updatedAt: now };
        if (existing) {
          await this.blocks.update(scope, write, trx);
          return { block: { ...existing, ...write }, created: false };
        }
        if ((await this.blocks.count(scope, trx)) >= maxBlocksPerAgent) {
          throw new AppError('CONFLICT', `agent already has ${maxBlocksPerAgent} blocks, the most it may have`, {
            limit: maxBlocksPerAgent,
          });
        }
        await this.blocks.insert(scope, write, trx);
        return { block: { agentId: scope.agentId, ...write, createdAt: now }, created: true };
      });
    });
  }

  get(scope: AgentScope, label: string): Promise<CoreBlock> {
    return this.metrics.track('block_get', async () => {
      const block = await this.blocks.find(scope, label);
      if (!block) throw AppError.notFound('block', label);
      return block;
    });
  }

  list(scope: AgentScope): Promise<CoreBlock[]> {
    return this.metrics.track('block_get', () => this.blocks.list(scope));
  }

  delete(scope: AgentScope, label: string): Promise<void> {
    return this.metrics.track('block_delete', async () => {
      if (!(await this.blocks.delete(scope, label))) throw AppError.notFound('block', label);
    });
  }
}
