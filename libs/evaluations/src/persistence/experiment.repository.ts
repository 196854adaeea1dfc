import { Injectable } from '@nestjs/common';
import type { Selectable, Updateable } from 'kysely';
import {
  TablesRepository,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  paginate,
  toDbJson,
  toDbTimestamp,
  type Page,
} from '@app/infrastructure';
import type { Priority } from '@app/handit';
import type {
  Experiment,
  ExperimentItem,
  ExperimentItemStatus,
  ExperimentStatus,
  ExperimentSummary,
} from '../experiments/experiment.types';
import type { EvaluationTables, ExperimentItemRow, ExperimentRow } from './tables';

/** Experiments and their per-item results; every statement is filtered by tenant. */
@Injectable()
export class ExperimentRepository extends TablesRepository<EvaluationTables> {
  private toExperiment(row: Selectable<ExperimentRow>): Experiment {
    const dialect = this.database.dialect;
    return {
      id: row.id,
      tenant: row.tenant,
      name: row.name,
      datasetId: row.dataset_id,
      datasetVersion: Number(row.dataset_version),
      target: fromDbJson(dialect, row.target) as Experiment['target'],
      evaluators: fromDbJson(dialect, row.evaluators) as Experiment['evaluators'],
      priority: row.priority as Priority,
      status: row.status as ExperimentStatus,
      itemCount: Number(row.item_count),
      summary: fromDbJson<ExperimentSummary>(dialect, row.summary) ?? null,
      createdBy: row.created_by ?? null,
      createdAt: fromDbTimestamp(row.created_at),
      finishedAt: fromDbTimestampOrNull(row.finished_at),
    };
  }

  private toItem(row: Selectable<ExperimentItemRow>): ExperimentItem {
    const dialect = this.database.dialect;
    return {
      itemId: row.item_id,
      position: Number(row.position),
      status: row.status as ExperimentItemStatus,
      taskId: row.task_id ?? null,
      traceId: row.trace_id ?? null,
      output: fromDbJson(dialect, row.output) ?? null,
      error: fromDbJson<ExperimentItem['error']>(dialect, row.error) ?? null,
      scores: fromDbJson<ExperimentItem['scores']>(dialect, row.scores) ?? {},
      finishedAt: fromDbTimestampOrNull(row.finished_at),
    };
  }

  /** The experiment and one pending row per dataset item, in one transaction (stored before the 202). */
  async insert(e: Experiment, itemIds: string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('eval_experiments')
        .values({
          id: e.id,
          tenant: e.tenant,
          name: e.name,
          dataset_id: e.datasetId,
          dataset_version: e.datasetVersion,
          target: toDbJson(e.target) as string,
          evaluators: toDbJson(e.evaluators) as string,
          priority: e.priority,
          status: e.status,
          item_count: e.itemCount,
          summary: null,
          created_by: e.createdBy,
          created_at: toDbTimestamp(e.createdAt),
          finished_at: null,
        })
        .execute();
      const rows = itemIds.map((itemId, position) => ({
        experiment_id: e.id,
        item_id: itemId,
        tenant: e.tenant,
        position,
        status: 'pending',
        task_id: null,
        trace_id: null,
        output: null,
        error: null,
        scores: null,
        finished_at: null,
      }));
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto('eval_experiment_items')
          .values(rows.slice(i, i + 200))
          .execute();
    });
  }

  async find(tenant: string, id: string): Promise<Experiment | null> {
    const row = await this.db
      .selectFrom('eval_experiments')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? this.toExperiment(row) : null;
  }

  async running(): Promise<Experiment[]> {
    const rows = await this.db.selectFrom('eval_experiments').selectAll().where('status', '=', 'running').execute();
    return rows.map((r) => this.toExperiment(r));
  }

  async list(tenant: string, page: { limit?: number; cursor?: string }): Promise<Page<Experiment>> {
    const q = this.db.selectFrom('eval_experiments').selectAll().where('tenant', '=', tenant);
    const result = await paginate(q, {
      limit: page.limit,
      cursor: page.cursor,
      orderBy: { column: 'created_at', direction: 'desc' },
    });
    return { items: result.items.map((r) => this.toExperiment(r)), nextCursor: result.nextCursor };
  }

  async items(tenant: string, experimentId: string): Promise<ExperimentItem[]> {
    const rows = await this.db
      .selectFrom('eval_experiment_items')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('experiment_id', '=', experimentId)
      .orderBy('position')
      .execute();
    return rows.map((r) => this.toItem(r));
  }

  async recordTask(
    tenant: string,
    experimentId: string,
    itemId: string,
    taskId: string,
    traceId: string | null,
  ): Promise<void> {
    await this.updateItem(tenant, experimentId, itemId, { task_id: taskId, trace_id: traceId });
  }

  async finishItem(
    tenant: string,
    experimentId: string,
    itemId: string,
    result: Pick<ExperimentItem, 'status' | 'output' | 'error' | 'scores'>,
    now: Date,
  ): Promise<void> {
    await this.updateItem(tenant, experimentId, itemId, {
      status: result.status,
      output: toDbJson(result.output ?? null),
      error: toDbJson(result.error ?? null),
      scores: toDbJson(result.scores),
      finished_at: toDbTimestamp(now),
    });
  }

  private async updateItem(
    tenant: string,
    experimentId: string,
    itemId: string,
    changes: Updateable<ExperimentItemRow>,
  ): Promise<void> {
    await this.db
      .updateTable('eval_experiment_items')
      .set(changes)
      .where('tenant', '=', tenant)
      .where('experiment_id', '=', experimentId)
      .where('item_id', '=', itemId)
      .execute();
  }

  async finish(
    tenant: string,
    id: string,
    status: ExperimentStatus,
    summary: ExperimentSummary,
    now: Date,
  ): Promise<void> {
    await this.db
      .updateTable('eval_experiments')
      .set({ status, summary: toDbJson(summary), finished_at: toDbTimestamp(now) })
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .execute();
  }
}
