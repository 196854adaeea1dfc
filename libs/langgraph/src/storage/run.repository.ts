import { Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import {
  Database,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  Page,
  paginate,
  toDbJson,
  toDbTimestamp,
} from '@app/infrastructure';
import type { WorkflowDefinition } from '../definition/definition.types';
import { ApprovalDecision, Run, RunError, RunNode, RunEvent, RunStatus, PendingInterrupt } from '../runs/run.types';

type Db = Kysely<any>;

type Row = Record<string, any>;

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

/** Runs, their node records and their event log (the SSE stream's source). */
@Injectable()
export class RunRepository {
  private readonly db: Db;

  constructor(private readonly database: Database) {
    this.db = database.db as Db;
  }

  async insert(run: Run): Promise<void> {
    await this.db
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
      })
      .execute();
  }

  async find(tenant: string, id: string): Promise<Run | null> {
    const row = await this.db
      .selectFrom('langgraph_runs')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? this.toRun(row) : null;
  }

  async findByThread(tenant: string, threadKey: string): Promise<Run | null> {
    const row = await this.db
      .selectFrom('langgraph_runs')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('thread_key', '=', threadKey)
      .executeTakeFirst();
    return row ? this.toRun(row) : null;
  }

  async findById(id: string): Promise<Run | null> {
    const row = await this.db.selectFrom('langgraph_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.toRun(row) : null;
  }

  async list(query: RunListQuery): Promise<Page<Run>> {
    let q = this.db
      .selectFrom('langgraph_runs')
      .select([
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
      ])
      .where('tenant', '=', query.tenant);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.workflow) q = q.where('workflow', '=', query.workflow);
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', type: 'timestamp' },
    });
    return {
      items: page.items.map((row) => this.toRun({ ...row, input: null, output: null, definition: null })),
      nextCursor: page.nextCursor,
    };
  }

  /** Conditional update: applies only while the run is in one of `from`; says whether it did. */
  async transition(id: string, from: readonly RunStatus[], patch: RunPatch): Promise<boolean> {
    const result = await this.db
      .updateTable('langgraph_runs')
      .set(this.toSet(patch))
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async update(id: string, patch: RunPatch): Promise<void> {
    await this.db.updateTable('langgraph_runs').set(this.toSet(patch)).where('id', '=', id).execute();
  }

  /** Runs a crash or a shutdown left unfinished, oldest first. */
  async findUnfinished(): Promise<Run[]> {
    const rows = await this.db
      .selectFrom('langgraph_runs')
      .selectAll()
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => this.toRun(row));
  }

  /** Interrupted runs, of one tenant or of all, oldest first (what a kill switch's resume looks through). */
  async findInterrupted(tenant?: string): Promise<Run[]> {
    let q = this.db.selectFrom('langgraph_runs').selectAll().where('status', '=', 'interrupted');
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => this.toRun(row));
  }

  /** Queued, running and interrupted runs per workflow name of one tenant. */
  async activeCounts(tenant: string): Promise<Map<string, Record<string, number>>> {
    const rows = await this.db
      .selectFrom('langgraph_runs')
      .select(['workflow', 'status', (eb) => eb.fn.countAll().as('n')])
      .where('tenant', '=', tenant)
      .where('status', 'in', ['queued', 'running', 'interrupted'])
      .groupBy(['workflow', 'status'])
      .execute();
    const out = new Map<string, Record<string, number>>();
    for (const row of rows) {
      const entry = out.get(row.workflow) ?? { queued: 0, running: 0, interrupted: 0 };
      entry[row.status] = Number(row.n);
      out.set(row.workflow, entry);
    }
    return out;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('langgraph_runs')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('status', 'in', ['queued', 'running', 'interrupted'])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  // ── nodes ──────────────────────────────────────────────────────────────────

  async findNode(runId: string, key: string): Promise<RunNode | null> {
    const row = await this.db
      .selectFrom('langgraph_run_nodes')
      .selectAll()
      .where('run_id', '=', runId)
      .where('node_key', '=', key)
      .executeTakeFirst();
    return row ? this.toNode(row) : null;
  }

  async listNodes(runId: string): Promise<RunNode[]> {
    const rows = await this.db
      .selectFrom('langgraph_run_nodes')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('started_at')
      .orderBy('node_key')
      .execute();
    return rows.map((row) => this.toNode(row));
  }

  async insertNode(node: RunNode): Promise<void> {
    await this.db
      .insertInto('langgraph_run_nodes')
      .values({
        run_id: node.runId,
        node_key: node.key,
        node_id: node.nodeId,
        kind: node.kind,
        status: node.status,
        attempts: node.attempts,
        visits: node.visits,
        generation: node.generation,
        boot_id: node.bootId,
        started_at: node.startedAt ? toDbTimestamp(node.startedAt) : null,
        attempt_started_at: node.attemptStartedAt ? toDbTimestamp(node.attemptStartedAt) : null,
        finished_at: null,
        output: null,
        error: null,
        task_ids: toDbJson(node.taskIds),
      })
      .execute();
  }

  async updateNode(
    runId: string,
    key: string,
    patch: Partial<
      Pick<
        RunNode,
        | 'status'
        | 'attempts'
        | 'visits'
        | 'generation'
        | 'bootId'
        | 'attemptStartedAt'
        | 'finishedAt'
        | 'output'
        | 'error'
        | 'taskIds'
      >
    >,
  ): Promise<void> {
    const set: Row = {};
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.attempts !== undefined) set.attempts = patch.attempts;
    if (patch.visits !== undefined) set.visits = patch.visits;
    if (patch.generation !== undefined) set.generation = patch.generation;
    if (patch.bootId !== undefined) set.boot_id = patch.bootId;
    if (patch.attemptStartedAt !== undefined)
      set.attempt_started_at = patch.attemptStartedAt ? toDbTimestamp(patch.attemptStartedAt) : null;
    if (patch.finishedAt !== undefined) set.finished_at = patch.finishedAt ? toDbTimestamp(patch.finishedAt) : null;
    if (patch.output !== undefined) set.output = toDbJson(patch.output);
    if (patch.error !== undefined) set.error = toDbJson(patch.error);
    if (patch.taskIds !== undefined) set.task_ids = toDbJson(patch.taskIds);
    await this.db
      .updateTable('langgraph_run_nodes')
      .set(set)
      .where('run_id', '=', runId)
      .where('node_key', '=', key)
      .execute();
  }

  // ── events ─────────────────────────────────────────────────────────────────

  async insertEvent(event: RunEvent): Promise<void> {
    await this.db
      .insertInto('langgraph_run_events')
      .values({
        id: event.id,
        run_id: event.runId,
        type: event.type,
        data: toDbJson(event.data),
        at: toDbTimestamp(event.at),
      })
      .execute();
  }

  async listEvents(runId: string, afterId: string | null, limit: number): Promise<RunEvent[]> {
    let q = this.db.selectFrom('langgraph_run_events').selectAll().where('run_id', '=', runId);
    if (afterId) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((row) => ({
      id: row.id,
      runId: row.run_id,
      type: row.type,
      data: fromDbJson(this.database.dialect, row.data) ?? {},
      at: fromDbTimestamp(row.at),
    }));
  }

  // ── retention ──────────────────────────────────────────────────────────────

  /** Deletes finished runs (and their nodes and events) older than `before`; returns their ids. */
  async deleteFinishedBefore(before: Date, limit = 500): Promise<string[]> {
    const rows = await this.db
      .selectFrom('langgraph_runs')
      .select('id')
      .where('finished_at', '<', toDbTimestamp(before))
      .limit(limit)
      .execute();
    const ids = rows.map((r) => r.id as string);
    if (!ids.length) return [];
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('langgraph_run_events').where('run_id', 'in', ids).execute();
      await trx.deleteFrom('langgraph_run_nodes').where('run_id', 'in', ids).execute();
      await trx.deleteFrom('langgraph_runs').where('id', 'in', ids).execute();
    });
    return ids;
  }

  private toSet(patch: RunPatch): Row {
    const set: Row = { updated_at: toDbTimestamp(new Date()) };
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.output !== undefined) set.output = toDbJson(patch.output);
    if (patch.error !== undefined) set.error = toDbJson(patch.error);
    if (patch.interrupt !== undefined) set.interrupt = toDbJson(patch.interrupt);
    if (patch.pendingDecision !== undefined) set.pending_decision = toDbJson(patch.pendingDecision);
    if (patch.currentNode !== undefined) set.current_node = patch.currentNode;
    if (patch.elapsedMs !== undefined) set.elapsed_ms = Math.round(patch.elapsedMs);
    if (patch.startedAt !== undefined) set.started_at = toDbTimestamp(patch.startedAt);
    if (patch.finishedAt !== undefined) set.finished_at = patch.finishedAt ? toDbTimestamp(patch.finishedAt) : null;
    return set;
  }

  private toRun(row: Row): Run {
    const d = this.database.dialect;
    return {
      id: row.id,
      tenant: row.tenant,
      principalId: row.principal_id ?? null,
      workflow: row.workflow,
      version: Number(row.version),
      source: row.source,
      definition: fromDbJson<WorkflowDefinition>(d, row.definition),
      threadKey: row.thread_key ?? null,
      status: row.status,
      input: fromDbJson<Record<string, unknown>>(d, row.input) ?? {},
      output: fromDbJson(d, row.output),
      error: fromDbJson<RunError>(d, row.error),
      interrupt: fromDbJson<PendingInterrupt[]>(d, row.interrupt),
      pendingDecision: fromDbJson<ApprovalDecision>(d, row.pending_decision) ?? null,
      currentNode: row.current_node ?? null,
      timeoutMs: Number(row.timeout_ms),
      elapsedMs: Number(row.elapsed_ms),
      createdAt: fromDbTimestamp(row.created_at),
      startedAt: fromDbTimestampOrNull(row.started_at),
      updatedAt: fromDbTimestamp(row.updated_at),
      finishedAt: fromDbTimestampOrNull(row.finished_at),
    };
  }

  private toNode(row: Row): RunNode {
    const d = this.database.dialect;
    return {
      runId: row.run_id,
      key: row.node_key,
      nodeId: row.node_id,
      kind: row.kind,
      status: row.status,
      attempts: Number(row.attempts),
      visits: Number(row.visits),
      generation: Number(row.generation),
      bootId: row.boot_id ?? null,
      startedAt: fromDbTimestampOrNull(row.started_at),
      attemptStartedAt: fromDbTimestampOrNull(row.attempt_started_at),
      finishedAt: fromDbTimestampOrNull(row.finished_at),
      output: fromDbJson(d, row.output),
      error: fromDbJson<RunError>(d, row.error),
      taskIds: fromDbJson<string[]>(d, row.task_ids) ?? [],
    };
  }
}
