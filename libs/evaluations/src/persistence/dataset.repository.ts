import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import {
  TablesRepository,
  fromDbJson,
  fromDbTimestamp,
  newId,
  paginate,
  toDbJson,
  toDbTimestamp,
  type Page,
} from '@app/infrastructure';
import type { Dataset, DatasetItem, NewDatasetItem } from '../datasets/dataset.types';
import type { DatasetRow, EvaluationsDb, EvaluationTables } from './tables';

function toDataset(row: Selectable<DatasetRow>): Dataset {
  return {
    id: row.id,
    tenant: row.tenant,
    name: row.name,
    description: row.description ?? null,
    latestVersion: Number(row.latest_version),
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}

const INSERT_CHUNK = 200;

/** Datasets and their versioned items; every statement is filtered by tenant. */
@Injectable()
export class DatasetRepository extends TablesRepository<EvaluationTables> {
  transaction<T>(fn: (trx: EvaluationsDb) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(d: Dataset): Promise<void> {
    await this.db
      .insertInto('eval_datasets')
      .values({
        id: d.id,
        tenant: d.tenant,
        name: d.name,
        description: d.description,
        latest_version: d.latestVersion,
        created_at: toDbTimestamp(d.createdAt),
        updated_at: toDbTimestamp(d.updatedAt),
      })
      .execute();
  }

  find(tenant: string, id: string, db: EvaluationsDb = this.db): Promise<Dataset | null> {
    return this.findBy(tenant, 'id', id, db);
  }

  findByName(tenant: string, name: string): Promise<Dataset | null> {
    return this.findBy(tenant, 'name', name, this.db);
  }

  /** A tenant's dataset by its id or by its name (both unique within the tenant). */
  private async findBy(tenant: string, key: 'id' | 'name', value: string, db: EvaluationsDb): Promise<Dataset | null> {
    const row = await db
      .selectFrom('eval_datasets')
      .selectAll()
      .where('tenant', '=', tenant)
      .where(key, '=', value)
      .executeTakeFirst();
    return row ? toDataset(row) : null;
  }

  async list(tenant: string, page: { limit?: number; cursor?: string }): Promise<Page<Dataset>> {
    const q = this.db.selectFrom('eval_datasets').selectAll().where('tenant', '=', tenant);
    const result = await paginate(q, {
      limit: page.limit,
      cursor: page.cursor,
      orderBy: { column: 'created_at', direction: 'desc' },
    });
    return { items: result.items.map(toDataset), nextCursor: result.nextCursor };
  }

  /**
   * A new version: the previous version's items (append) and then `items`, as one snapshot.
   * Returns the new version number.
   */
  async addVersion(
    tenant: string,
    datasetId: string,
    items: NewDatasetItem[],
    append: boolean,
    now: Date,
  ): Promise<number> {
    return this.transaction(async (trx) => {
      const dataset = await this.find(tenant, datasetId, trx);
      if (!dataset) throw new Error(`dataset ${datasetId} vanished`);
      const version = dataset.latestVersion + 1;
      const previous =
        append && dataset.latestVersion > 0 ? await this.items(tenant, datasetId, dataset.latestVersion, trx) : [];
      const rows = [
        ...previous.map((p) => ({ id: p.id, input: p.input, expectedOutput: p.expectedOutput, metadata: p.metadata })),
        ...items.map((i) => ({
          id: newId(),
          input: i.input,
          expectedOutput: i.expectedOutput ?? null,
          metadata: i.metadata ?? null,
        })),
      ].map((r, position) => ({
        id: r.id,
        tenant,
        dataset_id: datasetId,
        version,
        position,
        input: toDbJson(r.input) as string,
        expected_output: toDbJson(r.expectedOutput ?? null),
        metadata: toDbJson(r.metadata ?? null),
      }));
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await trx
          .insertInto('eval_dataset_items')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .execute();
      await trx
        .updateTable('eval_datasets')
        .set({ latest_version: version, updated_at: toDbTimestamp(now) })
        .where('tenant', '=', tenant)
        .where('id', '=', datasetId)
        .execute();
      return version;
    });
  }

  async items(tenant: string, datasetId: string, version: number, db: EvaluationsDb = this.db): Promise<DatasetItem[]> {
    const rows = await db
      .selectFrom('eval_dataset_items')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('dataset_id', '=', datasetId)
      .where('version', '=', version)
      .orderBy('position')
      .execute();
    const dialect = this.database.dialect;
    return rows.map((r) => ({
      id: r.id,
      version: Number(r.version),
      position: Number(r.position),
      input: fromDbJson(dialect, r.input),
      expectedOutput: fromDbJson(dialect, r.expected_output) ?? null,
      metadata: fromDbJson<Record<string, unknown>>(dialect, r.metadata) ?? null,
    }));
  }

  async countItems(tenant: string, datasetId: string, version: number): Promise<number> {
    const row = await this.db
      .selectFrom('eval_dataset_items')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant', '=', tenant)
      .where('dataset_id', '=', datasetId)
      .where('version', '=', version)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
