import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { MemoryType } from '../memories/memory.types';
import type { LettaTables } from './tables';

export interface DoomedMemory {
  id: string;
  tenant: string;
  agent_id: string;
  type: MemoryType;
}

/**
 * The retention sweeper's queries. Unlike the request-path repositories these work across agents
 * (the policy is per type, not per caller); `tenant` narrows them when an admin sweeps one tenant.
 */
@Injectable()
export class RetentionRepository extends TablesRepository<LettaTables> {
  private base(tenant: string | undefined) {
    let q = this.db.selectFrom('letta_memories').select(['id', 'tenant', 'agent_id', 'type']);
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    return q;
  }

  async expired(now: Date, tenant: string | undefined, limit: number): Promise<DoomedMemory[]> {
    return await this.base(tenant)
      .where('expires_at', '<=', toDbTimestamp(now))
      .orderBy('expires_at')
      .limit(limit)
      .execute();
  }

  async olderThan(type: MemoryType, cutoff: Date, tenant: string | undefined, limit: number): Promise<DoomedMemory[]> {
    return await this.base(tenant)
      .where('type', '=', type)
      .where('created_at', '<', toDbTimestamp(cutoff))
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  /** Agents holding more than `max` memories of a type, with how many over. */
  async overCount(
    type: MemoryType,
    max: number,
    tenant: string | undefined,
    limit: number,
  ): Promise<Array<{ tenant: string; agentId: string; excess: number }>> {
    let q = this.db
      .selectFrom('letta_memories')
      .select(['tenant', 'agent_id', sql<number>`count(*)`.as('n')])
      .where('type', '=', type);
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    const rows = await q
      .groupBy(['tenant', 'agent_id'])
      .having(sql`count(*)`, '>', max)
      .limit(limit)
      .execute();
    return rows.map((r) => ({ tenant: r.tenant, agentId: r.agent_id, excess: Number(r.n) - max }));
  }

  /** Eviction order: lowest importance first, then least recently accessed, then oldest id. */
  async evictionVictims(tenant: string, agentId: string, type: MemoryType, n: number): Promise<DoomedMemory[]> {
    return await this.db
      .selectFrom('letta_memories')
      .select(['id', 'tenant', 'agent_id', 'type'])
      .where('tenant', '=', tenant)
      .where('agent_id', '=', agentId)
      .where('type', '=', type)
      .orderBy('importance', 'asc')
      .orderBy('last_accessed_at', 'asc')
      .orderBy('id', 'asc')
      .limit(n)
      .execute();
  }

  async deleteIds(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.db.deleteFrom('letta_memories').where('id', 'in', ids).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
