import { Injectable } from '@nestjs/common';
import { newId, toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { WorkflowDefinition } from '../definition/definition.types';
import type { StoredWorkflow } from '../runs/workflow.types';
import { toStoredWorkflow } from './row-mapping';
import type { LanggraphTables } from './tables';

/** How often a registration retries after losing a race for the next version number. */
const VERSION_RACE_RETRIES = 5;

/** Registered workflow definitions: one row per (tenant, name, version), never changed; every statement by tenant. */
@Injectable()
export class WorkflowRepository extends TablesRepository<LanggraphTables> {
  /**
   * Stores the next version of `name`. The unique index on (tenant, name, version) makes two
   * concurrent registrations of one name get different versions (the loser retries).
   */
  async insertNextVersion(
    tenant: string,
    definition: WorkflowDefinition,
    createdBy: string | null,
  ): Promise<StoredWorkflow> {
    for (let attempt = 0; ; attempt++) {
      const latest = await this.latestVersion(tenant, definition.name);
      const stored: StoredWorkflow = {
        id: newId(),
        tenant,
        name: definition.name,
        version: latest + 1,
        description: definition.description ?? null,
        definition,
        createdBy,
        createdAt: new Date(),
      };
      try {
        await this.db
          .insertInto('langgraph_workflows')
          .values({
            id: stored.id,
            tenant,
            name: stored.name,
            version: stored.version,
            description: stored.description,
            definition: toDbJson(definition),
            created_by: createdBy,
            created_at: toDbTimestamp(stored.createdAt),
          })
          .execute();
        return stored;
      } catch (error) {
        if (attempt < VERSION_RACE_RETRIES && /unique|duplicate/i.test((error as Error).message)) continue;
        throw error;
      }
    }
  }

  /** One version, or the latest when `version` is omitted. */
  async find(tenant: string, name: string, version?: number): Promise<StoredWorkflow | null> {
    let query = this.db
      .selectFrom('langgraph_workflows')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('name', '=', name);
    query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
    const row = await query.executeTakeFirst();
    return row ? toStoredWorkflow(this.database.dialect, row) : null;
  }

  /** The latest version of every registered name, with how many versions it has. */
  async listLatest(tenant: string): Promise<(StoredWorkflow & { versions: number[] })[]> {
    const rows = await this.db
      .selectFrom('langgraph_workflows')
      .selectAll()
      .where('tenant', '=', tenant)
      .orderBy('name')
      .orderBy('version')
      .execute();
    const byName = new Map<string, StoredWorkflow & { versions: number[] }>();
    for (const row of rows) {
      const stored = toStoredWorkflow(this.database.dialect, row);
      const versions = [...(byName.get(stored.name)?.versions ?? []), stored.version];
      byName.set(stored.name, { ...stored, versions });
    }
    return [...byName.values()];
  }

  /** How many versions (of every name) the tenant has registered. */
  async count(tenant: string): Promise<number> {
    const row = await this.db
      .selectFrom('langgraph_workflows')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant', '=', tenant)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private async latestVersion(tenant: string, name: string): Promise<number> {
    const row = await this.db
      .selectFrom('langgraph_workflows')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('tenant', '=', tenant)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.v === null || row?.v === undefined ? 0 : Number(row.v);
  }
}
