import { Injectable } from '@nestjs/common';
import type { Selectable, Updateable } from 'kysely';
import { Page, paginate, toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import { ACTIVE_RUN_STATUSES, ApprovalDecision, PendingInterrupt, Run, RunError, RunStatus } from '../runs/run.types';
import type { ActiveRunCounts } from '../runs/workflow.types';
import { toRun } from './row-mapping';
import type { LanggraphDb, LanggraphTables, RunRow } from './tables';

/** A run as its tenant names it. */
export type RunKey = Pick<Run, 'tenant' | 'id'>;

export interface RunListQuery {
  tenant: string;
  status?: RunStatus;
  workflow?: string;
  limit?: number;
  cursor?: string;
}

export interface RunPatch {
  status?: RunStatus;
  output?: unknown;
  error?: RunError | null;
  interrupt?: PendingInterrupt[] | null;
  /** A human's answer accepted but not yet consumed by the graph (see Run.pendingDecision). */
  pendingDecision?: ApprovalDecision | null;
  currentNode?: string | null;
  elapsedMs?: number;
  startedAt?: Date;
  finishedAt?: Date | null;
}

/** What a page of runs reads: every column but the large ones (input, output, definition, decision). */
const SUMMARY_COLUMNS = [
  'id',
  'tenant',
  'principal_id',
  'workflow',
  'version',
  'source',
  'thread_key',
  'status',
  'error',
  'interrupt',
  'current_node',
  'timeout_ms',
  'elapsed_ms',
  'created_at',
  'started_at',
  'updated_at',
  'finished_at',
  'replay_of',
  'thread_id',
  'assistant_id',
] as const;

/** How many finished runs one retention pass deletes at most. */
const RETENTION_BATCH = 500;

/**
 * Workflow runs. Statements a tenant's request reaches filter by tenant. The executor's start-up
 * recovery, its activations (by a run id from its own queue), the global kill switch and retention
 * work across tenants, and say so.
 */
@Injectable()
export class RunRepository extends TablesRepository<LanggraphTables> {
  async insert(run: Run, db: LanggraphDb = this.db): Promise<void> {
    await db
      .insertInto('langgraph_runs')
      .values({
        id: run.id,
        tenant: run.tenant,
        principal_id: run.principalId,
        workflow: run.workflow,
        version: run.version,
        source: run.source,
        definition: toDbJson(run.definition),
        thread_key: run.threadKey,
        status: run.status,
        input: toDbJson(run.input),
        output: toDbJson(run.output),
        error: toDbJson(run.error),
        interrupt: toDbJson(run.interrupt),
        current_node: run.currentNode,
        timeout_ms: run.timeoutMs,
        elapsed_ms: run.elapsedMs,
        created_at: toDbTimestamp(run.createdAt),
        started_at: run.startedAt ? toDbTimestamp(run.startedAt) : null,
        updated_at: toDbTimestamp(run.updatedAt),
        finished_at: null,
        replay_of: run.replayOf ?? null,
        thread_id: run.threadId ?? null,
        assistant_id: run.assistantId ?? null,
        kwargs: toDbJson(run.kwargs ?? null),
      })
      .execute();
  }

  /** The replays of a run, newest first (a tenant's request: filtered by tenant). */
  async listReplays(tenant: string, runId: string, page: { limit?: number; cursor?: string }): Promise<Page<Run>> {
    const select = this.db
      .selectFrom('langgraph_runs')
      .select(SUMMARY_COLUMNS)
      .where('tenant', '=', tenant)
      .where('replay_of', '=', runId);
    const result = await paginate(select, { ...page, orderBy: { column: 'created_at', direction: 'desc' } });
    return {
      items: result.items.map((row) => toRun(this.database.dialect, row as Selectable<RunRow>)),
      nextCursor: result.nextCursor,
    };
  }

  async find(tenant: string, id: string, db: LanggraphDb = this.db): Promise<Run | null> {
    const row = await db
      .selectFrom('langgraph_runs')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRun(this.database.dialect, row) : null;
  }

  /** The run a client's threadId created. */
  async findByThread(tenant: string, threadKey: string, db: LanggraphDb = this.db): Promise<Run | null> {
    const row = await db
      .selectFrom('langgraph_runs')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('thread_key', '=', threadKey)
      .executeTakeFirst();
    return row ? toRun(this.database.dialect, row) : null;
  }

  /** Across tenants: for the executor, whose queue holds run ids it took from a tenant's stored run. */
  async findById(id: string, db: LanggraphDb = this.db): Promise<Run | null> {
    const row = await db.selectFrom('langgraph_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRun(this.database.dialect, row) : null;
  }

  /** A page of the tenant's runs, newest first, without their input, output and definition. */
  async list(query: RunListQuery, db: LanggraphDb = this.db): Promise<Page<Run>> {
    let select = db.selectFrom('langgraph_runs').select(SUMMARY_COLUMNS).where('tenant', '=', query.tenant);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.workflow) select = select.where('workflow', '=', query.workflow);
    const page = await paginate(select, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', type: 'timestamp' },
    });
    const omitted = { input: null, output: null, definition: null, pending_decision: null, kwargs: null };
    return {
      items: page.items.map((row) => toRun(this.database.dialect, { ...row, ...omitted })),
      nextCursor: page.nextCursor,
    };
  }

  /** Conditional update: applies only while the run is in one of `from`; says whether it did. */
  async transition(
    run: RunKey,
    from: readonly RunStatus[],
    patch: RunPatch,
    db: LanggraphDb = this.db,
  ): Promise<boolean> {
    const result = await db
      .updateTable('langgraph_runs')
      .set(toRunChanges(patch))
      .where('tenant', '=', run.tenant)
      .where('id', '=', run.id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async update(run: RunKey, patch: RunPatch, db: LanggraphDb = this.db): Promise<void> {
    await db
      .updateTable('langgraph_runs')
      .set(toRunChanges(patch))
      .where('tenant', '=', run.tenant)
      .where('id', '=', run.id)
      .execute();
  }

  /** A Platform thread's runs, newest first (offset paging, as the Platform API pages). */
  async listOnThread(
    tenant: string,
    threadId: string,
    options: { limit: number; offset: number; status?: RunStatus[] },
    db: LanggraphDb = this.db,
  ): Promise<Run[]> {
    let select = db
      .selectFrom('langgraph_runs')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('thread_id', '=', threadId);
    if (options.status?.length) select = select.where('status', 'in', options.status);
    const rows = await select
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    return rows.map((row) => toRun(this.database.dialect, row));
  }

  /** Runs of a thread that are queued or running, oldest first (multitask strategies look at them). */
  async inflightOnThread(tenant: string, threadId: string, db: LanggraphDb = this.db): Promise<Run[]> {
    const rows = await db
      .selectFrom('langgraph_runs')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('thread_id', '=', threadId)
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => toRun(this.database.dialect, row));
  }

  /** The oldest queued run of a thread: the one to start when the thread's current run settles. */
  async nextQueuedOnThread(tenant: string, threadId: string, db: LanggraphDb = this.db): Promise<Run | null> {
    const row = await db
      .selectFrom('langgraph_runs')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('thread_id', '=', threadId)
      .where('status', '=', 'queued')
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
    return row ? toRun(this.database.dialect, row) : null;
  }

  /** Deletes one run with its nodes, events and stream chunks (rollback, run deletion). */
  async delete(tenant: string, id: string, db: LanggraphDb = this.db): Promise<boolean> {
    await db.deleteFrom('langgraph_run_events').where('run_id', '=', id).execute();
    await db.deleteFrom('langgraph_stream_events').where('run_id', '=', id).execute();
    await db.deleteFrom('langgraph_run_nodes').where('run_id', '=', id).execute();
    const result = await db
      .deleteFrom('langgraph_runs')
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Deletes a thread's runs with their nodes, events and stream chunks (thread deletion). */
  async deleteOnThread(tenant: string, threadId: string, db: LanggraphDb = this.db): Promise<void> {
    const rows = await db
      .selectFrom('langgraph_runs')
      .select('id')
      .where('tenant', '=', tenant)
      .where('thread_id', '=', threadId)
      .execute();
    const ids = rows.map((row) => row.id);
    if (!ids.length) return;
    await db.deleteFrom('langgraph_run_events').where('run_id', 'in', ids).execute();
    await db.deleteFrom('langgraph_stream_events').where('run_id', 'in', ids).execute();
    await db.deleteFrom('langgraph_run_nodes').where('run_id', 'in', ids).execute();
    await db.deleteFrom('langgraph_runs').where('tenant', '=', tenant).where('id', 'in', ids).execute();
  }

  /** Across tenants: the runs a crash or a shutdown left unfinished, oldest first (start-up recovery). */
  async findUnfinished(db: LanggraphDb = this.db): Promise<Run[]> {
    const rows = await db
      .selectFrom('langgraph_runs')
      .selectAll()
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => toRun(this.database.dialect, row));
  }

  /**
   * Interrupted runs, oldest first: what a kill switch's resume looks through. Of one tenant, or
   * across tenants when `tenant` is left out (the global switch).
   */
  async findInterrupted(tenant?: string, db: LanggraphDb = this.db): Promise<Run[]> {
    let select = db.selectFrom('langgraph_runs').selectAll().where('status', '=', 'interrupted');
    if (tenant !== undefined) select = select.where('tenant', '=', tenant);
    const rows = await select.orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => toRun(this.database.dialect, row));
  }

  /** Queued, running and interrupted runs per workflow name of one tenant. */
  async activeCounts(tenant: string, db: LanggraphDb = this.db): Promise<Map<string, ActiveRunCounts>> {
    const rows = await db
      .selectFrom('langgraph_runs')
      .select(['workflow', 'status', (eb) => eb.fn.countAll().as('n')])
      .where('tenant', '=', tenant)
      .where('status', 'in', [...ACTIVE_RUN_STATUSES])
      .groupBy(['workflow', 'status'])
      .execute();
    const counts = new Map<string, ActiveRunCounts>();
    for (const row of rows) {
      const entry = counts.get(row.workflow) ?? { queued: 0, running: 0, interrupted: 0 };
      entry[row.status as keyof ActiveRunCounts] = Number(row.n);
      counts.set(row.workflow, entry);
    }
    return counts;
  }

  /**
   * Across tenants (retention): deletes finished runs older than `before`, with their nodes and
   * events, in one transaction; returns their ids.
   */
  async deleteFinishedBefore(before: Date, limit = RETENTION_BATCH): Promise<string[]> {
    const rows = await this.db
      .selectFrom('langgraph_runs')
      .select('id')
      .where('finished_at', '<', toDbTimestamp(before))
      .limit(limit)
      .execute();
    const ids = rows.map((row) => row.id);
    if (!ids.length) return [];
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('langgraph_run_events').where('run_id', 'in', ids).execute();
      await trx.deleteFrom('langgraph_stream_events').where('run_id', 'in', ids).execute();
      await trx.deleteFrom('langgraph_run_nodes').where('run_id', 'in', ids).execute();
      await trx.deleteFrom('langgraph_runs').where('id', 'in', ids).execute();
    });
    return ids;
  }
}

/** The columns a patch changes; `updated_at` always. */
function toRunChanges(patch: RunPatch): Updateable<RunRow> {
  const changes: Updateable<RunRow> = { updated_at: toDbTimestamp(new Date()) };
  if (patch.status !== undefined) changes.status = patch.status;
  if (patch.output !== undefined) changes.output = toDbJson(patch.output);
  if (patch.error !== undefined) changes.error = toDbJson(patch.error);
  if (patch.interrupt !== undefined) changes.interrupt = toDbJson(patch.interrupt);
  if (patch.pendingDecision !== undefined) changes.pending_decision = toDbJson(patch.pendingDecision);
  if (patch.currentNode !== undefined) changes.current_node = patch.currentNode;
  if (patch.elapsedMs !== undefined) changes.elapsed_ms = Math.round(patch.elapsedMs);
  if (patch.startedAt !== undefined) changes.started_at = toDbTimestamp(patch.startedAt);
  if (patch.finishedAt !== undefined) changes.finished_at = patch.finishedAt ? toDbTimestamp(patch.finishedAt) : null;
  return changes;
}
