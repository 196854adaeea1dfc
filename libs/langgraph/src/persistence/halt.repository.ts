import { Injectable } from '@nestjs/common';
import { toDbTimestamp, TablesRepository } from '@app/infrastructure';
import { GLOBAL_SCOPE, type Halt } from '../halt/halt.types';
import { toHalt } from './row-mapping';
import type { LanggraphDb, LanggraphTables } from './tables';

/**
 * Kill switches that are on: one row per halted tenant (its scope is the tenant), and `*` for the
 * global one, which holds every tenant.
 */
@Injectable()
export class HaltRepository extends TablesRepository<LanggraphTables> {
  /** The halts that hold a tenant's runs: its own and the global one. */
  async holding(tenant: string, db: LanggraphDb = this.db): Promise<Halt[]> {
    const rows = await db
      .selectFrom('langgraph_halts')
      .selectAll()
      .where('scope', 'in', [tenant, GLOBAL_SCOPE])
      .execute();
    return rows.map(toHalt);
  }

  /** Every switch that is on (the system admin's view, and the gauge at start-up). */
  async all(db: LanggraphDb = this.db): Promise<Halt[]> {
    return (await db.selectFrom('langgraph_halts').selectAll().orderBy('scope').execute()).map(toHalt);
  }

  /** Turns a switch on; an existing halt of the scope is kept as it was (first reason, first time). */
  async insert(scope: string, reason: string, by: string | null, at: Date, db: LanggraphDb = this.db): Promise<void> {
    await db
      .insertInto('langgraph_halts')
      .values({ scope, reason, halted_by: by, halted_at: toDbTimestamp(at) })
      .onConflict((oc) => oc.column('scope').doNothing())
      .execute();
  }

  /** Turns a switch off; false when it was not on. */
  async delete(scope: string, db: LanggraphDb = this.db): Promise<boolean> {
    const result = await db.deleteFrom('langgraph_halts').where('scope', '=', scope).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
