import { Injectable } from '@nestjs/common';
import { toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { RiskLimit } from '../risk/risk.types';
import { toRiskLimit } from './row-mapping';
import type { LanggraphDb, LanggraphTables } from './tables';

/** Risk limits, every statement filtered by tenant; '' stores "no desk" and "every symbol". */
@Injectable()
export class RiskLimitRepository extends TablesRepository<LanggraphTables> {
  /** The tenant's limits, or only the tenant-wide ones and those of `desk` when a desk is given. */
  async list(tenant: string, desk?: string | null, db: LanggraphDb = this.db): Promise<RiskLimit[]> {
    let q = db.selectFrom('langgraph_risk_limits').selectAll().where('tenant', '=', tenant);
    if (desk !== undefined) q = q.where('desk', 'in', desk ? ['', desk] : ['']);
    const rows = await q.orderBy('desk').orderBy('metric').orderBy('symbol').execute();
    return rows.map(toRiskLimit);
  }

  async find(tenant: string, id: string, db: LanggraphDb = this.db): Promise<RiskLimit | undefined> {
    const row = await db
      .selectFrom('langgraph_risk_limits')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRiskLimit(row) : undefined;
  }

  /** Inserts the limit, or replaces the max of the tenant's limit with the same desk, metric and symbol. */
  async upsert(limit: RiskLimit): Promise<{ limit: RiskLimit; created: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const key = { tenant: limit.tenant, desk: limit.desk ?? '', metric: limit.metric, symbol: limit.symbol ?? '' };
      const existing = await trx
        .selectFrom('langgraph_risk_limits')
        .selectAll()
        .where('tenant', '=', key.tenant)
        .where('desk', '=', key.desk)
        .where('metric', '=', key.metric)
        .where('symbol', '=', key.symbol)
        .executeTakeFirst();
      if (existing) {
        const updatedAt = toDbTimestamp(limit.updatedAt);
        const changes = { max_value: limit.max, created_by: limit.createdBy, updated_at: updatedAt };
        await trx.updateTable('langgraph_risk_limits').set(changes).where('id', '=', existing.id).execute();
        const { max, createdBy, updatedAt: at } = limit;
        const replaced = { ...toRiskLimit(existing), max, createdBy, updatedAt: at };
        return { limit: replaced, created: false };
      }
      await trx
        .insertInto('langgraph_risk_limits')
        .values({
          id: limit.id,
          ...key,
          max_value: limit.max,
          created_by: limit.createdBy,
          created_at: toDbTimestamp(limit.createdAt),
          updated_at: toDbTimestamp(limit.updatedAt),
        })
        .execute();
      return { limit, created: true };
    });
  }

  async delete(tenant: string, id: string, db: LanggraphDb = this.db): Promise<boolean> {
    const result = await db
      .deleteFrom('langgraph_risk_limits')
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
