import { Injectable } from '@nestjs/common';
import { newId, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { AgentScope } from '../memories/memory.types';
import type { CoreBlock } from '../blocks/block.types';
import { toBlock } from './row-mapping';
import { ofAgent } from './agent-scope-filter';
import type { LettaDb, LettaTables } from './tables';

export interface BlockWrite {
  label: string;
  value: string;
  limitChars: number;
  description: string | null;
  createdAt?: Date;
  updatedAt: Date;
}

/** Core memory blocks, keyed by (tenant, agent, label). */
@Injectable()
export class BlockRepository extends TablesRepository<LettaTables> {
  /** In label order, the order they are placed in a context. */
  async list(scope: AgentScope, db: LettaDb = this.db): Promise<CoreBlock[]> {
    const rows = await db.selectFrom('letta_blocks').selectAll().where(ofAgent(scope)).orderBy('label').execute();
    return rows.map(toBlock);
  }

  async find(scope: AgentScope, label: string, db: LettaDb = this.db): Promise<CoreBlock | undefined> {
    const row = await db
      .selectFrom('letta_blocks')
      .selectAll()
      .where(ofAgent(scope))
      .where('label', '=', label)
      .executeTakeFirst();
    return row ? toBlock(row) : undefined;
  }

  async count(scope: AgentScope, db: LettaDb = this.db): Promise<number> {
    const row = await db
      .selectFrom('letta_blocks')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(ofAgent(scope))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insert(scope: AgentScope, block: BlockWrite, db: LettaDb = this.db): Promise<void> {
    await db
      .insertInto('letta_blocks')
      .values({
        id: newId(),
        tenant: scope.tenant,
        agent_id: scope.agentId,
        label: block.label,
        value: block.value,
        limit_chars: block.limitChars,
        description: block.description,
        created_at: toDbTimestamp(block.createdAt ?? block.updatedAt),
        updated_at: toDbTimestamp(block.updatedAt),
      })
      .execute();
  }

  async update(scope: AgentScope, block: BlockWrite, db: LettaDb = this.db): Promise<void> {
    await db
      .updateTable('letta_blocks')
      .set({
        value: block.value,
        limit_chars: block.limitChars,
        description: block.description,
        updated_at: toDbTimestamp(block.updatedAt),
      })
      .where(ofAgent(scope))
      .where('label', '=', block.label)
      .execute();
  }

  async delete(scope: AgentScope, label: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('letta_blocks')
      .where(ofAgent(scope))
      .where('label', '=', label)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async deleteAgent(scope: AgentScope, db: LettaDb = this.db): Promise<void> {
    await db.deleteFrom('letta_blocks').where(ofAgent(scope)).execute();
  }
}
