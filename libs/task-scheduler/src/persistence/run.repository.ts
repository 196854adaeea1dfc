import { Injectable } from '@nestjs/common';
import { type Selectable, sql } from 'kysely';
import { Page, fromDbInteger, newId, paginate, toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import { ACTIVE_STATUSES, AttemptError, PENDING_STATUSES, PRIORITY_RANK, Run, RunStatus } from '../scheduler.types';
import { toRun } from './row-mapping';
import type { RunRow, SchedulerDb, SchedulerTables } from './tables';

export interface RunListQuery {
  tenant: string;
  scheduleId?: string;
  status?: RunStatus;
  job?: string;
  limit?: number;
  cursor?: string | null;
}

export type NewRun = Omit<
  Run,
  'id' | 'createdAt' | 'updatedAt' | 'startedAt' | 'finishedAt' | 'durationMs' | 'errors' | 'result' | 'attempts'
> &
  Partial<Pick<Run, 'finishedAt' | 'attempts'>>;

/** Bounds what one run may store, so a chatty job cannot bloat the table. */
const MAX_RESULT_BYTES = 16 * 1024;
const MAX_ERROR_CHARS = 2000;

/** An error message cut to what a run stores. */
export function clipError(message: string): string {
  return message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS)}…` : message;
}

/**
 * `scheduler_runs`: SQL only. What a caller reads or changes is filtered by tenant. The engine's
 * statements (dispatch, claim, an attempt's outcome, recovery of orphans) and retention span every
 * tenant by design; the queue figures take a tenant, or undefined for the whole queue.
 */
@Injectable()
export class RunRepository extends TablesRepository<SchedulerTables> {
  private map(row: Selectable<RunRow>): Run {
    return toRun(this.database.dialect, row);
  }

  async insert(run: NewRun, now: Date, db: SchedulerDb = this.db): Promise<Run> {
    const id = newId();
    await db
      .insertInto('scheduler_runs')
      .values({
        id,
        tenant: run.tenant,
        created_by: run.createdBy,
        schedule_id: run.scheduleId,
        job: run.job,
        input: toDbJson(run.input),
        priority: run.priority,
        priority_rank: PRIORITY_RANK[run.priority],
        status: run.status,
        trigger: run.trigger,
        attempts: run.attempts ?? 0,
        max_attempts: run.maxAttempts,
        backoff: toDbJson(run.backoff),
        timeout_ms: run.timeoutMs,
        scheduled_for: toDbTimestamp(run.scheduledFor),
        not_before: toDbTimestamp(run.notBefore),
        started_at: null,
        finished_at: run.finishedAt ? toDbTimestamp(run.finishedAt) : null,
        duration_ms: null,
        error: run.error ? clipError(run.error) : null,
        errors: toDbJson([]),
        result: null,
        created_at: toDbTimestamp(now),
        updated_at: toDbTimestamp(now),
        trace_parent: run.traceParent ?? null,
      })
      .execute();
    return (await this.get(id, db)) as Run;
  }

  /** A run by id, whoever owns it (the engine's view). */
  async get(id: string, db: SchedulerDb = this.db): Promise<Run | null> {
    const row = await db.selectFrom('scheduler_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.map(row) : null;
  }

  /** One run of `tenant`: another tenant's is not found, so its existence does not leak. */
  async find(tenant: string, id: string, db: SchedulerDb = this.db): Promise<Run | null> {
    const row = await db
      .selectFrom('scheduler_runs')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? this.map(row) : null;
  }

  async list(query: RunListQuery, db: SchedulerDb = this.db): Promise<Page<Run>> {
    let q = db.selectFrom('scheduler_runs').selectAll().where('tenant', '=', query.tenant);
    if (query.scheduleId !== undefined) q = q.where('schedule_id', '=', query.scheduleId);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.job !== undefined) q = q.where('job', '=', query.job);
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', direction: 'desc' },
    });
    return { items: page.items.map((row) => this.map(row)), nextCursor: page.nextCursor };
  }

  /** The newest runs of one schedule of `tenant`. */
  async latestForSchedule(
    tenant: string,
    scheduleId: string,
    limit: number,
    db: SchedulerDb = this.db,
  ): Promise<Run[]> {
    const rows = await db
      .selectFrom('scheduler_runs')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('schedule_id', '=', scheduleId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => this.map(row));
  }

  /** Runs of one schedule still queued, retrying or running (the overlap policy reads it). */
  async countActiveForSchedule(scheduleId: string, db: SchedulerDb = this.db): Promise<number> {
    const row = await db
      .selectFrom('scheduler_runs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('schedule_id', '=', scheduleId)
      .where('status', 'in', [...ACTIVE_STATUSES])
      .executeTakeFirstOrThrow();
    return fromDbInteger(row.n);
  }

  /** Waiting runs of every tenant: the service-wide bound (SCHEDULER_MAX_PENDING_RUNS) counts them all. */
  async countPending(db: SchedulerDb = this.db): Promise<number> {
    const row = await db
      .selectFrom('scheduler_runs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', 'in', [...PENDING_STATUSES])
      .executeTakeFirstOrThrow();
    return fromDbInteger(row.n);
  }

  /**
   * Pending runs whose time has come, best priority first, then oldest due. Runs of schedules
   * with a run executing, and of tenants whose work is paused, are left out.
   */
  async dispatchable(
    now: Date,
    limit: number,
    exclude: { schedules?: readonly string[]; tenants?: readonly string[] } = {},
    db: SchedulerDb = this.db,
  ): Promise<Run[]> {
    let q = db
      .selectFrom('scheduler_runs')
      .selectAll()
      .where('status', 'in', [...PENDING_STATUSES])
      .where('not_before', '<=', toDbTimestamp(now));
    // Runs of schedules with a run executing must wait; leaving them out keeps the page useful.
    const schedules = exclude.schedules ?? [];
    if (schedules.length) {
      q = q.where((eb) => eb.or([eb('schedule_id', 'is', null), eb('schedule_id', 'not in', schedules)]));
    }
    if (exclude.tenants?.length) q = q.where('tenant', 'not in', exclude.tenants);
    const rows = await q.orderBy('priority_rank').orderBy('not_before').orderBy('id').limit(limit).execute();
    return rows.map((row) => this.map(row));
  }

  /** The next retry or delayed run that becomes due after `after`. */
  async earliestPendingAfter(after: Date, db: SchedulerDb = this.db): Promise<Date | null> {
    const row = await db
      .selectFrom('scheduler_runs')
      .select((eb) => eb.fn.min('not_before').as('t'))
      .where('status', 'in', [...PENDING_STATUSES])
      .where('not_before', '>', toDbTimestamp(after))
      .executeTakeFirst();
    return row?.t ? new Date(row.t as string | Date) : null;
  }

  /** Claims a pending run for one attempt; false when someone else claimed or cancelled it. */
  async claim(id: string, now: Date, db: SchedulerDb = this.db): Promise<Run | null> {
    const result = await db
      .updateTable('scheduler_runs')
      .set({
        status: 'running',
        attempts: sql<number>`attempts + 1`,
        started_at: toDbTimestamp(now),
        updated_at: toDbTimestamp(now),
      })
      .where('id', '=', id)
      .where('status', 'in', [...PENDING_STATUSES])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? this.get(id, db) : null;
  }

  /** Records a succeeded attempt with its result (a result over MAX_RESULT_BYTES is replaced by its size). */
  async succeed(run: Run, now: Date, result: unknown, db: SchedulerDb = this.db): Promise<void> {
    let stored = toDbJson(result ?? null);
    if (stored !== null && Buffer.byteLength(stored) > MAX_RESULT_BYTES)
      stored = toDbJson({ truncated: true, bytes: Buffer.byteLength(stored) });
    await db
      .updateTable('scheduler_runs')
      .set({
        status: 'succeeded',
        finished_at: toDbTimestamp(now),
        duration_ms: run.startedAt ? now.getTime() - run.startedAt.getTime() : null,
        error: null,
        result: stored,
        updated_at: toDbTimestamp(now),
      })
      .where('id', '=', run.id)
      .execute();
  }

  /** Records a failed attempt: back to `retrying` with a later notBefore, or `dead`. */
  async fail(run: Run, now: Date, message: string, retryAt: Date | null, db: SchedulerDb = this.db): Promise<void> {
    const error = clipError(message);
    const errors: AttemptError[] = [
      ...run.errors,
      { attempt: run.attempts, at: now.toISOString(), message: error },
    ].slice(-20);
    await db
      .updateTable('scheduler_runs')
      .set({
        status: retryAt ? 'retrying' : 'dead',
        not_before: retryAt ? toDbTimestamp(retryAt) : toDbTimestamp(run.notBefore),
        finished_at: retryAt ? null : toDbTimestamp(now),
        duration_ms: run.startedAt ? now.getTime() - run.startedAt.getTime() : null,
        error,
        errors: toDbJson(errors),
        updated_at: toDbTimestamp(now),
      })
      .where('id', '=', run.id)
      .execute();
  }

  /** Runs left `running` by a process that stopped without finishing them. */
  async orphaned(db: SchedulerDb = this.db): Promise<Run[]> {
    const rows = await db
      .selectFrom('scheduler_runs')
      .selectAll()
      .where('status', '=', 'running')
      .limit(10_000)
      .execute();
    return rows.map((row) => this.map(row));
  }

  /** Cancels waiting runs: of one schedule, of one tenant (a tenant's queue drain), or all. */
  async cancelPending(
    filter: { scheduleId?: string; tenant?: string },
    now: Date,
    reason: string,
    db: SchedulerDb = this.db,
  ): Promise<number> {
    let q = db
      .updateTable('scheduler_runs')
      .set({ status: 'cancelled', finished_at: toDbTimestamp(now), error: reason, updated_at: toDbTimestamp(now) })
      .where('status', 'in', [...PENDING_STATUSES]);
    if (filter.scheduleId) q = q.where('schedule_id', '=', filter.scheduleId);
    if (filter.tenant) q = q.where('tenant', '=', filter.tenant);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** A dead letter of `tenant` → queued again with a fresh set of attempts. */
  async requeueDead(tenant: string, id: string, now: Date, db: SchedulerDb = this.db): Promise<boolean> {
    const result = await db
      .updateTable('scheduler_runs')
      .set({
        status: 'queued',
        trigger: 'dead-letter-retry',
        attempts: 0,
        not_before: toDbTimestamp(now),
        finished_at: null,
        updated_at: toDbTimestamp(now),
      })
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Deletes the dead letters of a tenant (of one job, or all). */
  async purgeDead(filter: { tenant: string; job?: string }, db: SchedulerDb = this.db): Promise<number> {
    let q = db.deleteFrom('scheduler_runs').where('tenant', '=', filter.tenant).where('status', '=', 'dead');
    if (filter.job) q = q.where('job', '=', filter.job);
    const result = await q.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Retention: finished runs (not dead letters, which wait for an operator) older than cutoff. */
  async pruneFinished(cutoff: Date, db: SchedulerDb = this.db): Promise<number> {
    const result = await db
      .deleteFrom('scheduler_runs')
      .where('status', 'in', ['succeeded', 'cancelled', 'skipped'])
      .where('finished_at', '<', toDbTimestamp(cutoff))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Waiting runs per priority, of one tenant or (undefined) of all. */
  async depthByPriority(tenant?: string, db: SchedulerDb = this.db): Promise<Record<string, number>> {
    let q = db
      .selectFrom('scheduler_runs')
      .select(['priority', (eb) => eb.fn.countAll().as('n')])
      .where('status', 'in', [...PENDING_STATUSES]);
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    const rows = await q.groupBy('priority').execute();
    return Object.fromEntries(rows.map((r) => [r.priority, fromDbInteger(r.n)]));
  }

  /** Runs executing now on any replica, of one tenant or (undefined) of all. */
  async countRunning(tenant?: string, db: SchedulerDb = this.db): Promise<number> {
    let q = db
      .selectFrom('scheduler_runs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'running');
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    return fromDbInteger((await q.executeTakeFirstOrThrow()).n);
  }

  /** Runs that succeeded or went dead since `since`, of one tenant or (undefined) of all. */
  async finishedSince(
    since: Date,
    tenant?: string,
    db: SchedulerDb = this.db,
  ): Promise<{ succeeded: number; failed: number }> {
    let q = db
      .selectFrom('scheduler_runs')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('finished_at', '>=', toDbTimestamp(since))
      .where('status', 'in', ['succeeded', 'dead']);
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    const rows = await q.groupBy('status').execute();
    const by = Object.fromEntries(rows.map((r) => [r.status, fromDbInteger(r.n)]));
    return { succeeded: by.succeeded ?? 0, failed: by.dead ?? 0 };
  }
}
