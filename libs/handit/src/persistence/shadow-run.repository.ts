import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import {
  fromDbBoolean,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  toDbBoolean,
  toDbJson,
  toDbTimestamp,
  type DatabaseDialect,
  TablesRepository,
} from '@app/infrastructure';
import type { ShadowRun } from '../governance/governance.types';
import type { TaskStatus } from '../tasks/task.types';
import type { HanditTables, ShadowRunRow } from './tables';

function toShadowRun(d: DatabaseDialect, row: Selectable<ShadowRunRow>): ShadowRun {
  return {
    id: row.id,
    taskId: row.task_id,
    tenant: row.tenant,
    modelId: row.model_id,
    championVersion: row.champion_version,
    version: row.version,
    status: row.status as ShadowRun['status'],
    result: fromDbJson(d, row.result),
    error: fromDbJson(d, row.error),
    durationMs: fromDbInteger(row.duration_ms),
    championDurationMs: fromDbInteger(row.champion_duration_ms),
    agreed: row.agreed === null ? null : fromDbBoolean(row.agreed),
    createdAt: fromDbTimestamp(row.created_at),
  };
}

/** A finished champion task as the comparison sees it. */
export interface ChampionSample {
  version: string;
  status: TaskStatus;
  durationMs: number | null;
}

/** Scope of a comparison: one model since a time, for one tenant or (null) all. */
export interface ComparisonScope {
  modelId: string;
  since: Date;
  tenant: string | null;
  limit: number;
}

/** Shadow runs beside their champion tasks, and the samples the comparison is computed from. */
@Injectable()
export class ShadowRunRepository extends TablesRepository<HanditTables> {
  async insert(run: ShadowRun): Promise<void> {
    await this.db
      .insertInto('handit_shadow_runs')
      .values({
        id: run.id,
        task_id: run.taskId,
        tenant: run.tenant,
        model_id: run.modelId,
        champion_version: run.championVersion,
        version: run.version,
        status: run.status,
        result: toDbJson(run.result),
        error: toDbJson(run.error),
        duration_ms: Math.round(run.durationMs),
        champion_duration_ms: Math.round(run.championDurationMs),
        agreed: run.agreed === null ? null : toDbBoolean(this.database.dialect, run.agreed),
        created_at: toDbTimestamp(run.createdAt),
      })
      .execute();
  }

  /** The shadow runs of one task of the tenant, oldest first. */
  async forTask(tenant: string, taskId: string): Promise<ShadowRun[]> {
    const rows = await this.db
      .selectFrom('handit_shadow_runs')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('task_id', '=', taskId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => toShadowRun(this.database.dialect, r));
  }

  /** The newest shadow runs of a model in the window (at most `limit`). */
  async inWindow(scope: ComparisonScope): Promise<ShadowRun[]> {
    let query = this.db
      .selectFrom('handit_shadow_runs')
      .selectAll()
      .where('model_id', '=', scope.modelId)
      .where('created_at', '>=', toDbTimestamp(scope.since));
    if (scope.tenant !== null) query = query.where('tenant', '=', scope.tenant);
    const rows = await query.orderBy('created_at', 'desc').limit(scope.limit).execute();
    return rows.map((r) => toShadowRun(this.database.dialect, r));
  }

  /** The newest finished tasks of a model in the window (at most `limit`): version, status, run time. */
  async championsInWindow(scope: ComparisonScope): Promise<ChampionSample[]> {
    let query = this.db
      .selectFrom('handit_tasks')
      .select(['model_version', 'status', 'started_at', 'finished_at'])
      .where('model_id', '=', scope.modelId)
      .where('finished_at', '>=', toDbTimestamp(scope.since));
    if (scope.tenant !== null) query = query.where('tenant', '=', scope.tenant);
    const rows = await query.orderBy('finished_at', 'desc').limit(scope.limit).execute();
    return rows.map((r) => {
      const started = fromDbTimestampOrNull(r.started_at);
      const finished = fromDbTimestampOrNull(r.finished_at);
      return {
        version: r.model_version,
        status: r.status,
        durationMs: started && finished ? finished.getTime() - started.getTime() : null,
      };
    });
  }

  async deleteBefore(cutoff: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('handit_shadow_runs')
      .where('created_at', '<', toDbTimestamp(cutoff))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
