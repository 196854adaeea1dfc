import { Injectable } from '@nestjs/common';
import {
  jsonSourceOf,
  Page,
  paginate,
  toDbBoolean,
  toDbJson,
  toDbTimestamp,
  TablesRepository,
} from '@app/infrastructure';
import type { Task, TaskListQuery } from '../tasks/task.types';
import { SUMMARY_COLUMNS, toTask } from './row-mapping';
import type { HanditDb, HanditTables } from './tables';

/** A task as it is first written: queued, not yet attempted, with its request's hash. */
export interface NewTask extends Omit<Task, 'result' | 'error' | 'attempts' | 'usage' | 'startedAt' | 'finishedAt'> {
  requestHash: string | null;
  /** Set for a task answered from the result cache when it was accepted: it is written finished. */
  finished?: Pick<Task, 'result' | 'usage' | 'attempts' | 'startedAt' | 'finishedAt'>;
}

/** A tenant's tasks: accepting, finding and listing them; every statement is filtered by tenant. */
@Injectable()
export class TaskRepository extends TablesRepository<HanditTables> {
  /** The task's row and its input's, and whatever `alongside` writes (its lineage), in one transaction. */
  async insert(task: NewTask, alongside?: (db: HanditDb) => Promise<void>): Promise<void> {
    await this.db.transaction().execute(async (db) => {
      await alongside?.(db);
      await this.insertRows(task, db);
    });
  }

  private async insertRows(task: NewTask, db: HanditDb): Promise<void> {
    await db
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
        options: toDbJson(task.options),
        attempts: task.finished?.attempts ?? 0,
        cache_hit: toDbBoolean(this.database.dialect, task.cacheHit),
        ...(task.finished
          ? {
              result: task.finished.result === undefined ? null : toDbJson(task.finished.result),
              usage: task.finished.usage ? toDbJson(task.finished.usage) : null,
              started_at: task.finished.startedAt ? toDbTimestamp(task.finished.startedAt) : null,
              finished_at: task.finished.finishedAt ? toDbTimestamp(task.finished.finishedAt) : null,
            }
          : {}),
        idempotency_key: task.idempotencyKey,
        request_hash: task.requestHash,
        trace_id: task.traceId,
        trace_parent: task.traceParent,
        created_at: toDbTimestamp(task.createdAt),
        available_at: toDbTimestamp(task.availableAt),
      })
      .execute();
    await db
      .insertInto('handit_task_inputs')
      // The request's own text of the input when it has one (see json-body-reader): it parses to the same value.
      .values({ task_id: task.id, input: jsonSourceOf(task.input) ?? toDbJson(task.input) ?? 'null' })
      .execute();
  }

  /**
   * `withInput: false` skips reading and parsing the input column (it can be megabytes), for
   * callers that answer with status and result only; the task's `input` is then undefined.
   */
  async findForTenant(
    tenant: string,
    id: string,
    options: { withInput?: boolean } = {},
    db: HanditDb = this.db,
  ): Promise<Task | undefined> {
    const query = db.selectFrom('handit_tasks').where('id', '=', id).where('tenant', '=', tenant);
    const row = await (
      options.withInput === false
        ? query.selectAll()
        : query
            .innerJoin('handit_task_inputs', 'handit_task_inputs.task_id', 'handit_tasks.id')
            .selectAll('handit_tasks')
            .select('handit_task_inputs.input')
    ).executeTakeFirst();
    return row ? toTask(this.database.dialect, row) : undefined;
  }

  async findByIdempotencyKey(
    tenant: string,
    key: string,
    db: HanditDb = this.db,
  ): Promise<{ task: Task; requestHash: string | null } | undefined> {
    const row = await db
      .selectFrom('handit_tasks')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row ? { task: toTask(this.database.dialect, row), requestHash: row.request_hash ?? null } : undefined;
  }

  /**
   * A page of the tenant's tasks as summaries: neither input nor result is read. A poller listing
   * finished tasks with 4 MB results used to parse each of them on every call, holding the event
   * loop for hundreds of milliseconds.
   */
  async list(query: TaskListQuery): Promise<Page<Task>> {
    let q = this.db.selectFrom('handit_tasks').select(SUMMARY_COLUMNS).where('tenant', '=', query.tenant);
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
    return { items: page.items.map((row) => toTask(this.database.dialect, row)), nextCursor: page.nextCursor };
  }
}
