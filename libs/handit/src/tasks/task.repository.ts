import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import {
  Database,
  Page,
  fromDbBoolean,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  paginate,
  toDbBoolean,
  toDbJson,
  toDbTimestamp,
} from '@app/infrastructure';
import { Priority, Task, TaskError, TaskStatus, TaskType, TokenUsage } from './task.types';

export interface TaskListQuery {
  tenant: string;
  status?: TaskStatus;
  type?: TaskType;
  modelId?: string;
  priority?: Priority;
  createdFrom?: Date;
  createdTo?: Date;
  limit?: number;
  cursor?: string;
}

export interface NewTask extends Omit<Task, 'result' | 'error' | 'attempts' | 'usage' | 'startedAt' | 'finishedAt'> {
  requestHash: string | null;
}

type Row = Record<string, unknown>;

export interface QueuedRef {
  id: string;
  tenant: string;
  priority: Priority;
  createdAt: Date;
  availableAt: Date;
}

const COLUMNS_WITHOUT_INPUT = [
  'id',
  'tenant',
  'principal_id',
  'type',
  'model_id',
  'model_version',
  'priority',
  'status',
  'options',
  'result',
  'error',
  'attempts',
  'cache_hit',
  'usage',
  'idempotency_key',
  'trace_id',
  'trace_parent',
  'created_at',
  'available_at',
  'started_at',
  'finished_at',
] as const;

/** Which queued rows a walk covers: one tenant's, or every tenant's but the paused ones. */
export interface QueuedFilter {
  tenant?: string;
  excludeTenants?: readonly string[];
}

/** Tasks in the database: the source of truth for every task's state. */
@Injectable()
export class TaskRepository {
  constructor(private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  async insert(task: NewTask): Promise<void> {
    const d = this.database.dialect;
    await this.db
      .insertInto('handit_tasks')
      .values({
        id: task.id,
        tenant: task.tenant,
        principal_id: task.principalId,
        type: task.type,
        model_id: task.modelId,
        model_version: task.modelVersion,
        priority: task.priority,
        status: task.status,
        input: toDbJson(task.input),
        options: toDbJson(task.options),
        attempts: 0,
        cache_hit: toDbBoolean(d, task.cacheHit),
        idempotency_key: task.idempotencyKey,
        request_hash: task.requestHash,
        trace_id: task.traceId,
        trace_parent: task.traceParent,
        created_at: toDbTimestamp(task.createdAt),
        available_at: toDbTimestamp(task.availableAt),
      })
      .execute();
  }

  /**
   * `withInput: false` skips reading and parsing the input column (it can be megabytes), for
   * callers that answer with status and result only; the task's `input` is then undefined.
   */
  async findForTenant(tenant: string, id: string, options: { withInput?: boolean } = {}): Promise<Task | undefined> {
    const query = this.db.selectFrom('handit_tasks').where('id', '=', id).where('tenant', '=', tenant);
    const row = await (
      options.withInput === false ? query.select(COLUMNS_WITHOUT_INPUT) : query.selectAll()
    ).executeTakeFirst();
    return row ? this.toTask(row as Row) : undefined;
  }

  async findById(id: string): Promise<Task | undefined> {
    const row = await this.db.selectFrom('handit_tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.toTask(row) : undefined;
  }

  async findByIdempotencyKey(
    tenant: string,
    key: string,
  ): Promise<{ task: Task; requestHash: string | null } | undefined> {
    const row = await this.db
      .selectFrom('handit_tasks')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row ? { task: this.toTask(row), requestHash: (row.request_hash as string | null) ?? null } : undefined;
  }

  async list(query: TaskListQuery): Promise<Page<Task>> {
    let q = this.db.selectFrom('handit_tasks').selectAll().where('tenant', '=', query.tenant);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.type) q = q.where('type', '=', query.type);
    if (query.modelId) q = q.where('model_id', '=', query.modelId);
    if (query.priority) q = q.where('priority', '=', query.priority);
    if (query.createdFrom) q = q.where('created_at', '>=', toDbTimestamp(query.createdFrom));
    if (query.createdTo) q = q.where('created_at', '<', toDbTimestamp(query.createdTo));
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', direction: 'desc', type: 'timestamp' },
    });
    return { items: page.items.map((row) => this.toTask(row as Row)), nextCursor: page.nextCursor };
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
    return rows.map((row) => this.toTask(row));
  }

  /**
   * queued → running, only if still queued (a cancel may have won the race). Counts the attempt.
   * Returns the updated task, or undefined when the transition did not happen.
   */
  async markRunning(id: string, at: Date): Promise<Task | undefined> {
    // One statement (UPDATE … RETURNING, SQLite ≥ 3.35 and PostgreSQL) instead of update + select.
    const row = await this.db
      .updateTable('handit_tasks')
      .set({ status: 'running', started_at: toDbTimestamp(at), attempts: sql`attempts + 1` })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    return row ? this.toTask(row) : undefined;
  }

  /** Final state from running (or queued, for cancel); never overwrites another final state. */
  async finish(
    id: string,
    fields: {
      status: TaskStatus;
      result?: unknown;
      error?: TaskError | null;
      usage?: TokenUsage | null;
      cacheHit?: boolean;
      at: Date;
    },
    from: TaskStatus[] = ['running'],
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('handit_tasks')
      .set({
        status: fields.status,
        result: fields.result === undefined ? null : toDbJson(fields.result),
        error: fields.error ? toDbJson(fields.error) : null,
        usage: fields.usage ? toDbJson(fields.usage) : null,
        ...(fields.cacheHit !== undefined ? { cache_hit: toDbBoolean(this.database.dialect, fields.cacheHit) } : {}),
        finished_at: toDbTimestamp(fields.at),
      })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
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
    return Object.fromEntries(rows.map((row) => [row.priority as string, Number(row.n)]));
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
    const by = Object.fromEntries(rows.map((row) => [row.status as string, Number(row.n)]));
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
    return rows.map((row) => ({
      id: row.id as string,
      tenant: row.tenant as string,
      priority: row.priority as Priority,
      createdAt: fromDbTimestamp(row.created_at),
      availableAt: fromDbTimestamp(row.available_at),
    }));
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
      id: row.id as string,
      tenant: row.tenant as string,
      priority: row.priority as Priority,
      createdAt: fromDbTimestamp(row.created_at),
      availableAt: fromDbTimestamp(row.available_at),
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

  private toTask(row: Row): Task {
    const d = this.database.dialect;
    return {
      id: row.id as string,
      tenant: row.tenant as string,
      principalId: (row.principal_id as string | null) ?? null,
      type: row.type as TaskType,
      modelId: row.model_id as string,
      modelVersion: row.model_version as string,
      priority: row.priority as Priority,
      status: row.status as TaskStatus,
      input: row.input === undefined ? undefined : fromDbJson(d, row.input),
      options: fromDbJson(d, row.options) as Task['options'],
      result: fromDbJson(d, row.result),
      error: fromDbJson<TaskError>(d, row.error),
      attempts: fromDbInteger(row.attempts),
      cacheHit: fromDbBoolean(row.cache_hit),
      usage: fromDbJson<TokenUsage>(d, row.usage),
      idempotencyKey: (row.idempotency_key as string | null) ?? null,
      traceId: (row.trace_id as string | null) ?? null,
      traceParent: (row.trace_parent as string | null) ?? null,
      createdAt: fromDbTimestamp(row.created_at),
      availableAt: fromDbTimestamp(row.available_at),
      startedAt: fromDbTimestampOrNull(row.started_at),
      finishedAt: fromDbTimestampOrNull(row.finished_at),
    };
  }
}
