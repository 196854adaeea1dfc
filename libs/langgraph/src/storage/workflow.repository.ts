import { Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { Database, fromDbJson, fromDbTimestamp, newId, toDbJson, toDbTimestamp } from '@app/infrastructure';
import type { WorkflowDefinition } from '../definition/definition.types';

type Db = Kysely<any>;

export interface StoredWorkflow {
  id: string;
  tenant: string;
  name: string;
  version: number;
  description: string | null;
  definition: WorkflowDefinition;
  createdBy: string | null;
  createdAt: Date;
}

/** Registered workflow definitions: one row per (tenant, name, version), never changed. */
@Injectable()
export class WorkflowRepository {
  private readonly db: Db;

  constructor(private readonly database: Database) {
    this.db = database.db as Db;
  }

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
      const row: StoredWorkflow = {
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
            id: row.id,
            tenant,
            name: row.name,
            version: row.version,
            description: row.description,
            definition: toDbJson(definition),
            created_by: createdBy,
            created_at: toDbTimestamp(row.createdAt),
          })
          .execute();
        return row;
      } catch (error) {
        if (attempt < 5 && /unique|duplicate/i.test((error as Error).message)) continue;
        throw error;
      }
    }
  }

  async latestVersion(tenant: string, name: string): Promise<number> {
    const row = await this.db
      .selectFrom('langgraph_workflows')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('tenant', '=', tenant)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.v === null || row?.v === undefined ? 0 : Number(row.v);
  }

  /** One version, or the latest when `version` is omitted. */
  async find(tenant: string, name: string, version?: number): Promise<StoredWorkflow | null> {
    let q = this.db.selectFrom('langgraph_workflows').selectAll().where('tenant', '=', tenant).where('name', '=', name);
    q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
    const row = await q.executeTakeFirst();
    return row ? this.toStored(row) : null;
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
      const stored = this.toStored(row);
      const versions = [...(byName.get(stored.name)?.versions ?? []), stored.version];
      byName.set(stored.name, { ...stored, versions });
    }
    return [...byName.values()];
  }

  async count(tenant: string): Promise<number> {
    const row = await this.db
      .selectFrom('langgraph_workflows')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant', '=', tenant)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private toStored(row: Record<string, any>): StoredWorkflow {
    return {
      id: row.id,
      tenant: row.tenant,
      name: row.name,
      version: Number(row.version),
      description: row.description ?? null,
      definition: fromDbJson<WorkflowDefinition>(this.database.dialect, row.definition) as WorkflowDefinition,
      createdBy: row.created_by ?? null,
      createdAt: fromDbTimestamp(row.created_at),
    };
  }
}
