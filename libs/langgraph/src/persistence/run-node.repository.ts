import { Injectable } from '@nestjs/common';
import type { Updateable } from 'kysely';
import { toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { RunNode } from '../runs/run.types';
import { toRunNode } from './row-mapping';
import type { LanggraphDb, LanggraphTables, RunNodeRow } from './tables';

/** What a node attempt changes in its record. */
export type RunNodePatch = Partial<
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
>;

/**
 * The node records of runs (status, attempts, timings, output, error), keyed by run id and node
 * key. The table has no tenant column: callers reach a run's nodes through the run, whose
 * statements filter by tenant.
 */
@Injectable()
export class RunNodeRepository extends TablesRepository<LanggraphTables> {
  async find(runId: string, key: string, db: LanggraphDb = this.db): Promise<RunNode | null> {
    const row = await db
      .selectFrom('langgraph_run_nodes')
      .selectAll()
      .where('run_id', '=', runId)
      .where('node_key', '=', key)
      .executeTakeFirst();
    return row ? toRunNode(this.database.dialect, row) : null;
  }

  /** A run's nodes in the order they started. */
  async list(runId: string, db: LanggraphDb = this.db): Promise<RunNode[]> {
    const rows = await db
      .selectFrom('langgraph_run_nodes')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('started_at')
      .orderBy('node_key')
      .execute();
    return rows.map((row) => toRunNode(this.database.dialect, row));
  }

  async insert(node: RunNode, db: LanggraphDb = this.db): Promise<void> {
    await db
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

  async update(runId: string, key: string, patch: RunNodePatch, db: LanggraphDb = this.db): Promise<void> {
    await db
      .updateTable('langgraph_run_nodes')
      .set(toNodeChanges(patch))
      .where('run_id', '=', runId)
      .where('node_key', '=', key)
      .execute();
  }
}

/** The columns a patch changes. */
function toNodeChanges(patch: RunNodePatch): Updateable<RunNodeRow> {
  const changes: Updateable<RunNodeRow> = {};
  const timestamp = (at: Date | null) => (at ? toDbTimestamp(at) : null);
  if (patch.status !== undefined) changes.status = patch.status;
  if (patch.attempts !== undefined) changes.attempts = patch.attempts;
  if (patch.visits !== undefined) changes.visits = patch.visits;
  if (patch.generation !== undefined) changes.generation = patch.generation;
  if (patch.bootId !== undefined) changes.boot_id = patch.bootId;
  if (patch.attemptStartedAt !== undefined) changes.attempt_started_at = timestamp(patch.attemptStartedAt);
  if (patch.finishedAt !== undefined) changes.finished_at = timestamp(patch.finishedAt);
  if (patch.output !== undefined) changes.output = toDbJson(patch.output);
  if (patch.error !== undefined) changes.error = toDbJson(patch.error);
  if (patch.taskIds !== undefined) changes.task_ids = toDbJson(patch.taskIds);
  return changes;
}
