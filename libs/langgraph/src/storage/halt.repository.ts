import { Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import { Database, fromDbTimestamp, toDbTimestamp } from '@app/infrastructure';
import { GLOBAL_SCOPE, type Halt } from '../halt/halt.types';
import type { HaltRow, RiskTables } from './risk-tables';

function toHalt(row: Selectable<HaltRow>): Halt {
  return {
    scope: row.scope === GLOBAL_SCOPE ? 'global' : 'tenant',
    tenant: row.scope === GLOBAL_SCOPE ? null : row.scope,
    reason: row.reason,
    haltedBy: row.halted_by,
    haltedAt: fromDbTimestamp(row.halted_at),
  };
}

/** Kill switches that are on: one row per halted tenant, and `*` for the global one. */
@Injectable()
export class HaltRepository {
  constructor(private readonly database: Database) {}

  private get db(): Kysely<RiskTables> {
    return this.database.tables<RiskTables>();
  }

  /** The halts that hold a tenant's runs: its own and the global one. */
  async holding(tenant: string): Promise<Halt[]> {
    const rows = await this.db
      .selectFrom('langgraph_halts')
      .selectAll()
      .where('scope', 'in', [tenant, GLOBAL_SCOPE])
      .execute();
    return rows.map(toHalt);
  }

  async all(): Promise<Halt[]> {
    return (await this.db.selectFrom('langgraph_halts').selectAll().orderBy('scope').execute()).map(toHalt);
  }

  /** Turns a switch on; an existing halt of the scope is kept as it was (first reason, first time). */
  async insert(scope: string, reason: string, by: string | null, at: Date): Promise<void> {
    await this.db
      .insertInto('langgraph_halts')
      .values({ scope, reason, halted_by: by, halted_at: toDbTimestamp(at) })
      .onConflict((oc) => oc.column('scope').doNothing())
      .execute();
  }

  async delete(scope: string): Promise<boolean> {
    const result = await this.db.deleteFrom('langgraph_halts').where('scope', '=', scope).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
