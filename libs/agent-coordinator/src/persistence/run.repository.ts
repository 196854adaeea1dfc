import { Injectable } from '@nestjs/common';
import { Page, paginate, toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { AgentCoordinatorTables } from './tables';
import { toRun } from './row-mapping';
import type { MessageError } from '../messages/message.types';
import type { CoordinationRun, RunListQuery, RunStatus, RunStep } from '../coordination/run.types';

const SUMMARY_COLUMNS = [
  'id',
  'tenant',
  'principal_id',
  'strategy',
  'task',
  'selection',
  'priority',
  'timeout_ms',
  'status',
  'steps',
  'result',
  'error',
  'created_at',
  'deadline_at',
  'finished_at',
] as const;

@Injectable()
export class RunRepository extends TablesRepository<AgentCoordinatorTables> {
  async insert(run: CoordinationRun): Promise<void> {
    await this.db
      .insertInto('coordination_runs')
      .values({
        id: run.id,
        tenant: run.tenant,
        principal_id: run.principalId,
        strategy: run.strategy,
        task: run.task,
        selection: toDbJson(run.selection) as string,
        input: toDbJson(run.input),
        priority: run.priority,
        timeout_ms: run.timeoutMs,
        status: run.status,
        steps: toDbJson(run.steps) as string,
        result: null,
        error: null,
        created_at: toDbTimestamp(run.createdAt),
        deadline_at: toDbTimestamp(run.deadlineAt),
        finished_at: null,
      })
      .execute();
  }

  async findForTenant(tenant: string, id: string): Promise<CoordinationRun | null> {
    const row = await this.db
      .selectFrom('coordination_runs')
      .selectAll()
      .where('id', '=', id)
      .where('tenant', '=', tenant)
      .executeTakeFirst();
    return row ? toRun(this.database.dialect, row) : null;
  }

  async list(query: RunListQuery): Promise<Page<CoordinationRun>> {
    let q = this.db
      .selectFrom('coordination_runs')
      .select([...SUMMARY_COLUMNS])
      .where('tenant', '=', query.tenant);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.strategy) q = q.where('strategy', '=', query.strategy);
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', direction: 'desc' },
    });
    return { items: page.items.map((row) => toRun(this.database.dialect, row)), nextCursor: page.nextCursor };
  }

  /** Runs a stopped process left running: resumed at start-up. */
  async findRunning(): Promise<CoordinationRun[]> {
    const rows = await this.db.selectFrom('coordination_runs').selectAll().where('status', '=', 'running').execute();
    return rows.map((row) => toRun(this.database.dialect, row));
  }

  async saveSteps(id: string, steps: RunStep[]): Promise<void> {
    await this.db
      .updateTable('coordination_runs')
      .set({ steps: toDbJson(steps) as string })
      .where('id', '=', id)
      .execute();
  }

  async finish(
    id: string,
    outcome: { status: RunStatus; steps: RunStep[]; result: unknown; error: MessageError | null },
    now: Date,
  ): Promise<void> {
    await this.db
      .updateTable('coordination_runs')
      .set({
        status: outcome.status,
        steps: toDbJson(outcome.steps) as string,
        result: toDbJson(outcome.result),
        error: toDbJson(outcome.error),
        finished_at: toDbTimestamp(now),
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('coordination_runs')
      .where('status', '!=', 'running')
      .where('finished_at', '<', toDbTimestamp(cutoff))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
