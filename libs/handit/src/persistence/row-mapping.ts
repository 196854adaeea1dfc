import type { Selectable } from 'kysely';
import {
  fromDbBoolean,
  fromDbInteger,
  fromDbIntegerOrNull,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  type DataPolicy,
  type DatabaseDialect,
} from '@app/infrastructure';
import type { CandleInterval } from '../data-quality/candle-series';
import type { DataPolicyOverride } from '../data-quality/data-policy.types';
import type { DataQualityReport } from '../data-quality/data-quality.types';
import type { TaskLineage, TaskLineageRecord } from '../lineage/task-lineage.types';
import type { QueuedRef } from '../queue/task-queue';
import type { Task, TaskError, TokenUsage } from '../tasks/task.types';
import type { TaskProgress } from '../progress/task-progress.types';
import type { DataPolicyRow, TaskInputRow, TaskLineageRow, TaskRow } from './tables';

/** Every column of a task's row (its input is in handit_task_inputs). */
const TASK_COLUMNS = [
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
  'progress',
] as const;

/** Every column but the result, for lists (it can be megabytes, and a list does not show it). */
export const SUMMARY_COLUMNS = TASK_COLUMNS.filter(
  (column): column is Exclude<(typeof TASK_COLUMNS)[number], 'result'> => column !== 'result',
);

/** A task row as read: every column, or a summary without the result; with its input when it was joined. */
export type TaskRead = Omit<Selectable<TaskRow>, 'result' | 'request_hash'> &
  Partial<Pick<Selectable<TaskRow>, 'result'>> & { input?: Selectable<TaskInputRow>['input'] };

/**
 * A task row → the domain task; `input` stays undefined when the row was read without it, and
 * `result` is null when the row was read as a summary.
 */
export function toTask(dialect: DatabaseDialect, row: TaskRead): Task {
  return {
    id: row.id,
    tenant: row.tenant,
    principalId: row.principal_id ?? null,
    type: row.type,
    modelId: row.model_id,
    modelVersion: row.model_version,
    priority: row.priority,
    status: row.status,
    input: row.input === undefined ? undefined : fromDbJson(dialect, row.input),
    options: fromDbJson(dialect, row.options) as Task['options'],
    result: row.result === undefined ? null : fromDbJson(dialect, row.result),
    error: fromDbJson<TaskError>(dialect, row.error),
    attempts: fromDbInteger(row.attempts),
    cacheHit: fromDbBoolean(row.cache_hit),
    usage: fromDbJson<TokenUsage>(dialect, row.usage),
    idempotencyKey: row.idempotency_key ?? null,
    traceId: row.trace_id ?? null,
    traceParent: row.trace_parent ?? null,
    createdAt: fromDbTimestamp(row.created_at),
    availableAt: fromDbTimestamp(row.available_at),
    startedAt: fromDbTimestampOrNull(row.started_at),
    finishedAt: fromDbTimestampOrNull(row.finished_at),
    progress: toProgress(dialect, row.progress),
  };
}

/** The stored progress report; its time is ISO text inside the JSON. */
function toProgress(dialect: DatabaseDialect, value: unknown): TaskProgress | null {
  const stored = fromDbJson<{ fraction: number; message: string; at: string }>(dialect, value);
  return stored ? { fraction: stored.fraction, message: stored.message, at: new Date(stored.at) } : null;
}

/** The queue's columns of a task row → its reference. */
export function toQueuedRef(
  row: Pick<Selectable<TaskRow>, 'id' | 'tenant' | 'priority' | 'created_at' | 'available_at'>,
): QueuedRef {
  return {
    id: row.id,
    tenant: row.tenant,
    priority: row.priority,
    createdAt: fromDbTimestamp(row.created_at),
    availableAt: fromDbTimestamp(row.available_at),
  };
}

/** A lineage row → the task's lineage. */
export function toLineage(dialect: DatabaseDialect, row: Selectable<TaskLineageRow>): TaskLineage {
  return {
    taskId: row.task_id,
    tenant: row.tenant,
    algorithm: 'sha256',
    digest: row.digest,
    dataDigest: row.data_digest,
    parametersDigest: row.parameters_digest,
    model: { id: row.model_id, version: row.model_version },
    record: fromDbJson<TaskLineageRecord>(dialect, row.record) as TaskLineageRecord,
    dataQuality: fromDbJson<DataQualityReport>(dialect, row.data_quality),
    createdAt: fromDbTimestamp(row.created_at),
  };
}

/** A data policy row → the tenant's override. */
export function toDataPolicyOverride(dialect: DatabaseDialect, row: Selectable<DataPolicyRow>): DataPolicyOverride {
  return {
    tenant: row.tenant,
    policy: (row.policy as DataPolicy | null) ?? null,
    staleness: fromDbJson<Partial<Record<CandleInterval, string>>>(dialect, row.staleness) ?? {},
    zeroVolumeRun: fromDbIntegerOrNull(row.zero_volume_run),
    updatedBy: row.updated_by,
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}
