import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import {
  fromDbJson,
  fromDbTimestamp,
  toDbBoolean,
  toDbJson,
  toDbTimestamp,
  TablesRepository,
} from '@app/infrastructure';
import type { QueuedRef } from '../queue/task-queue';
import type { Task, TaskError, TaskStatus, TokenUsage } from '../tasks/task.types';
import type { TaskProgress } from '../progress/task-progress.types';
import { toQueuedRef, toTask } from './row-mapping';
import type { HanditTables } from './tables';

/** Which queued rows a walk covers: one tenant's, or every tenant's but the paused ones. */
export interface QueuedFilter {
  tenant?: string;
  excludeTenants?: readonly string[];
}

/** A final state and what comes with it, as the runner writes it. */
export interface TaskOutcome {
  status: TaskStatus;
  result?: unknown;
  error?: TaskError | null;
  usage?: TokenUsage | null;
  cacheHit?: boolean;
  at: Date;
}

/**
 * The queue's side of handit_tasks, across tenants: the runner's conditional transitions (every one
 * only from the state it expects, so racing writers cannot both win), the depth and throughput
 * counts, the distributed walks and retention. Tenant-facing reads are in TaskRepository.
 */
@Injectable()
export class TaskQueueRepository extends TablesRepository<HanditTables> {
  /** A task by id alone: the runner holds ids that came from the queue, not a tenant's request. */
  async findById(id: string): Promise<Task | undefined> {
    const row = await this.db.selectFrom('handit_tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toTask(this.database.dialect, row) : undefined;
  }

  /** Tasks to put back in the queue at start-up: queued ones, and ones a crash left running. */
  async findUnfinished(): Promise<Task[]> {
    const rows = await this.db
      .selectFrom('handit_tasks')
      .selectAll()
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => toTask(this.database.dialect, row));
  }

  /**
   * queued → running, only if still queued (a cancel may have won the race). Counts the attempt.
   * Returns the updated task, or undefined when the transition did not happen. `known` is the
   * input when the caller still holds it: the input's row (it can be megabytes) is then not read
   * and parsed again.
   */
  async markRunning(id: string, at: Date, known?: { input: unknown }): Promise<Task | undefined> {
    // One statement (UPDATE … RETURNING, SQLite ≥ 3.35 and PostgreSQL) instead of update + select.
    const row = await this.db
      .updateTable('handit_tasks')
      .set({ status: 'running', started_at: toDbTimestamp(at), attempts: sql<number>`attempts + 1` })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    if (known) return { ...toTask(this.database.dialect, row), input: known.input };
    const stored = await this.db
      .selectFrom('handit_task_inputs')
      .select('input')
      .where('task_id', '=', id)
      .executeTakeFirst();
    return toTask(this.database.dialect, { ...row, input: stored?.input ?? null });
  }

  /** Final state from running (or queued, for cancel); never overwrites another final state. */
  async finish(id: string, outcome: TaskOutcome, from: TaskStatus[] = ['running']): Promise<boolean> {
    const dialect = this.database.dialect;
    const result = await this.db
      .updateTable('handit_tasks')
      .set({
        status: outcome.status,
        result: outcome.result === undefined ? null : toDbJson(outcome.result),
        error: outcome.error ? toDbJson(outcome.error) : null,
        usage: outcome.usage ? toDbJson(outcome.usage) : null,
        ...(outcome.cacheHit !== undefined ? { cache_hit: toDbBoolean(dialect, outcome.cacheHit) } : {}),
        finished_at: toDbTimestamp(outcome.at),
      })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * The latest progress report. Not conditional on the status: the report that completes the work
   * may land just after the row was settled, and a finished task then shows it reached 1.
   */
  async setProgress(id: string, progress: TaskProgress): Promise<void> {
    await this.db
      .updateTable('handit_tasks')
      .set({ progress: toDbJson({ ...progress, at: progress.at.toISOString() }) })
      .where('id', '=', id)
      .execute();
  }

  /** running → queued again after a retryable failure, available after the backoff. */
  async requeue(id: string, availableAt: Date, error: TaskError): Promise<boolean> {
    const result = await this.db
      .updateTable('handit_tasks')
      .set({ status: 'queued', available_at: toDbTimestamp(availableAt), error: toDbJson(error) })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Recovery: a task a crash left running goes back to queued (its attempt is counted). With
   * `attempts`, only if no one has started another attempt since (two replicas taking over one
   * stalled task: one wins). True when the row changed.
   */
  async resetRunning(id: string, attempts?: number): Promise<boolean> {
    let q = this.db
      .updateTable('handit_tasks')
      .set({ status: 'queued' })
      .where('id', '=', id)
      .where('status', '=', 'running');
    if (attempts !== undefined) q = q.where('attempts', '=', attempts);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Queued tasks per priority, of one tenant or (undefined) of all: the depth every replica sees. */
  async countQueuedByPriority(tenant?: string): Promise<Record<string, number>> {
    let q = this.db
      .selectFrom('handit_tasks')
      .select(['priority', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
      .where('status', '=', 'queued');
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    const rows = await q.groupBy('priority').execute();
    return Object.fromEntries(rows.map((row) => [row.priority, Number(row.n)]));
  }

  /** Attempts running now on any replica, of one tenant or (undefined) of all. */
  async countRunning(tenant?: string): Promise<number> {
    let q = this.db
      .selectFrom('handit_tasks')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('status', '=', 'running');
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /** Tasks finished since `since`: succeeded, and failed or timed out (cancelled ones are neither). */
  async finishedSince(since: Date, tenant?: string): Promise<{ succeeded: number; failed: number }> {
    let q = this.db
      .selectFrom('handit_tasks')
      .select(['status', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
      .where('finished_at', '>=', toDbTimestamp(since))
      .where('status', 'in', ['succeeded', 'failed', 'timed_out']);
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    const rows = await q.groupBy('status').execute();
    const by: Partial<Record<TaskStatus, number>> = Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    return { succeeded: by.succeeded ?? 0, failed: (by.failed ?? 0) + (by.timed_out ?? 0) };
  }

  /**
   * Queued tasks (id, tenant, priority, timing), oldest first, a page after `after`: the
   * distributed reconciler's walk, a resume's re-adding and a drain.
   */
  async oldestQueued(
    limit: number,
    after?: { createdAt: Date; id: string },
    filter: QueuedFilter = {},
  ): Promise<QueuedRef[]> {
    let q = this.db
      .selectFrom('handit_tasks')
      .select(['id', 'tenant', 'priority', 'created_at', 'available_at'])
      .where('status', '=', 'queued');
    if (filter.tenant !== undefined) q = q.where('tenant', '=', filter.tenant);
    if (filter.excludeTenants?.length) q = q.where('tenant', 'not in', filter.excludeTenants);
    if (after) {
      const at = toDbTimestamp(after.createdAt);
      q = q.where((eb) =>
        eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', after.id)])]),
      );
    }
    const rows = await q.orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map(toQueuedRef);
  }

  /** Tasks running since before `startedBefore`: candidates for an owner that died with its job lost. */
  async runningSince(
    startedBefore: Date,
    limit: number,
  ): Promise<(QueuedRef & { startedAt: Date; timeoutMs: number })[]> {
    const rows = await this.db
      .selectFrom('handit_tasks')
      .select(['id', 'tenant', 'priority', 'created_at', 'available_at', 'started_at', 'options'])
      .where('status', '=', 'running')
      .where('started_at', '<', toDbTimestamp(startedBefore))
      .orderBy('started_at')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      ...toQueuedRef(row),
      startedAt: fromDbTimestamp(row.started_at),
      timeoutMs: (fromDbJson(this.database.dialect, row.options) as Task['options']).timeoutMs,
    }));
  }

  /** Retention: finished tasks older than the cutoff are removed. */
  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('handit_tasks')
      .where('finished_at', 'is not', null)
      .where('finished_at', '<', toDbTimestamp(cutoff))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
