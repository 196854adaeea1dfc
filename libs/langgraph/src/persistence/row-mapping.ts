import type { Selectable } from 'kysely';
import {
  type DatabaseDialect,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
} from '@app/infrastructure';
import type { WorkflowDefinition } from '../definition/definition.types';
import { GLOBAL_SCOPE, type Halt } from '../halt/halt.types';
import type { RiskApproval, RiskApprovalStatus } from '../risk/risk-approval.types';
import type { Breach, RiskLimit, RiskMetric } from '../risk/risk.types';
import type {
  ApprovalDecision,
  NodeStatus,
  PendingInterrupt,
  PlatformKwargs,
  Run,
  RunError,
  RunEvent,
  RunNode,
  RunSource,
  RunStatus,
} from '../runs/run.types';
import type { StoredWorkflow } from '../runs/workflow.types';
import type { HaltRow, RiskApprovalRow, RiskLimitRow, RunEventRow, RunNodeRow, RunRow, WorkflowRow } from './tables';

/** A registered definition as stored. */
export function toStoredWorkflow(dialect: DatabaseDialect, row: Selectable<WorkflowRow>): StoredWorkflow {
  return {
    id: row.id,
    tenant: row.tenant,
    name: row.name,
    version: fromDbInteger(row.version),
    description: row.description ?? null,
    definition: fromDbJson<WorkflowDefinition>(dialect, row.definition) as WorkflowDefinition,
    createdBy: row.created_by ?? null,
    createdAt: fromDbTimestamp(row.created_at),
  };
}

/** A run; a list's row, which leaves out the large columns, reads them as null. */
export function toRun(dialect: DatabaseDialect, row: Selectable<RunRow>): Run {
  return {
    id: row.id,
    tenant: row.tenant,
    principalId: row.principal_id ?? null,
    workflow: row.workflow,
    version: fromDbInteger(row.version),
    source: row.source as RunSource,
    definition: fromDbJson<WorkflowDefinition>(dialect, row.definition),
    threadKey: row.thread_key ?? null,
    status: row.status as RunStatus,
    input: fromDbJson<Record<string, unknown>>(dialect, row.input) ?? {},
    output: fromDbJson(dialect, row.output),
    error: fromDbJson<RunError>(dialect, row.error),
    interrupt: fromDbJson<PendingInterrupt[]>(dialect, row.interrupt),
    pendingDecision: fromDbJson<ApprovalDecision>(dialect, row.pending_decision) ?? null,
    currentNode: row.current_node ?? null,
    timeoutMs: fromDbInteger(row.timeout_ms),
    elapsedMs: fromDbInteger(row.elapsed_ms),
    createdAt: fromDbTimestamp(row.created_at),
    startedAt: fromDbTimestampOrNull(row.started_at),
    updatedAt: fromDbTimestamp(row.updated_at),
    finishedAt: fromDbTimestampOrNull(row.finished_at),
    replayOf: row.replay_of ?? null,
    threadId: row.thread_id ?? null,
    assistantId: row.assistant_id ?? null,
    kwargs: fromDbJson<PlatformKwargs>(dialect, row.kwargs) ?? null,
  };
}

/** One node record of a run. */
export function toRunNode(dialect: DatabaseDialect, row: Selectable<RunNodeRow>): RunNode {
  return {
    runId: row.run_id,
    key: row.node_key,
    nodeId: row.node_id,
    kind: row.kind,
    status: row.status as NodeStatus,
    attempts: fromDbInteger(row.attempts),
    visits: fromDbInteger(row.visits),
    generation: fromDbInteger(row.generation),
    bootId: row.boot_id ?? null,
    startedAt: fromDbTimestampOrNull(row.started_at),
    attemptStartedAt: fromDbTimestampOrNull(row.attempt_started_at),
    finishedAt: fromDbTimestampOrNull(row.finished_at),
    output: fromDbJson(dialect, row.output),
    error: fromDbJson<RunError>(dialect, row.error),
    taskIds: fromDbJson<string[]>(dialect, row.task_ids) ?? [],
  };
}

/** One entry of a run's event log. */
export function toRunEvent(dialect: DatabaseDialect, row: Selectable<RunEventRow>): RunEvent {
  return {
    id: row.id,
    runId: row.run_id,
    type: row.type,
    data: fromDbJson<Record<string, unknown>>(dialect, row.data) ?? {},
    at: fromDbTimestamp(row.at),
  };
}

/** A risk limit; '' in desk and symbol reads as null (the whole tenant, every symbol). */
export function toRiskLimit(row: Selectable<RiskLimitRow>): RiskLimit {
  return {
    id: row.id,
    tenant: row.tenant,
    desk: row.desk || null,
    metric: row.metric as RiskMetric,
    symbol: row.symbol || null,
    max: Number(row.max_value),
    createdBy: row.created_by,
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}

/** A risk gate's approval request. */
export function toRiskApproval(dialect: DatabaseDialect, row: Selectable<RiskApprovalRow>): RiskApproval {
  return {
    runId: row.run_id,
    nodeKey: row.node_key,
    visit: fromDbInteger(row.visit),
    tenant: row.tenant,
    desk: row.desk,
    breaches: fromDbJson<Breach[]>(dialect, row.breaches) ?? [],
    prices: fromDbJson<Record<string, number>>(dialect, row.prices) ?? {},
    priceBand: Number(row.price_band),
    status: row.status as RiskApprovalStatus,
    requestedAt: fromDbTimestamp(row.requested_at),
    expiresAt: fromDbTimestamp(row.expires_at),
    decidedBy: row.decided_by,
    decidedAt: fromDbTimestampOrNull(row.decided_at),
    reason: row.reason,
  };
}

/** A kill switch that is on; scope `*` is the global one. */
export function toHalt(row: Selectable<HaltRow>): Halt {
  return {
    scope: row.scope === GLOBAL_SCOPE ? 'global' : 'tenant',
    tenant: row.scope === GLOBAL_SCOPE ? null : row.scope,
    reason: row.reason,
    haltedBy: row.halted_by,
    haltedAt: fromDbTimestamp(row.halted_at),
  };
}
