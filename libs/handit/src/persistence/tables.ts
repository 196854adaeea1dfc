import type { Kysely } from 'kysely';
import type { Priority, TaskStatus, TaskType } from '../tasks/task.types';
import type {
  TimestampColumn as Timestamp,
  NullableTimestampColumn as NullableTimestamp,
  JsonColumn as Json,
  BooleanColumn as Bool,
  NumberColumn as Int,
  NullableNumberColumn as NullableInt,
} from '@app/infrastructure';

/** A task: what was asked, where it is in its life, and its outcome (migration 0001). */
export interface TaskRow {
  id: string;
  tenant: string;
  principal_id: string | null;
  type: TaskType;
  model_id: string;
  model_version: string;
  priority: Priority;
  status: TaskStatus;
  input: Json;
  options: Json;
  result: Json;
  error: Json;
  attempts: Int;
  cache_hit: Bool;
  usage: Json;
  idempotency_key: string | null;
  /** SHA-256 of the request an Idempotency-Key was first used with. */
  request_hash: string | null;
  trace_id: string | null;
  trace_parent: string | null;
  created_at: Timestamp;
  available_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

/** A task's lineage: the digests of what its result was computed from, and its data checks (0002). */
export interface TaskLineageRow {
  task_id: string;
  tenant: string;
  digest: string;
  data_digest: string;
  parameters_digest: string;
  model_id: string;
  model_version: string;
  /** Engine parameters and the data fields and series the digests cover. */
  record: Json;
  data_quality: Json;
  created_at: Timestamp;
}

/** A tenant's data policy overriding the configured defaults (null columns: the default applies; 0002). */
export interface DataPolicyRow {
  tenant: string;
  policy: string | null;
  staleness: Json;
  zero_volume_run: NullableInt;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** Handit's tables as Kysely sees them (see migrations/). */
export interface HanditTables {
  handit_tasks: TaskRow;
  handit_task_lineage: TaskLineageRow;
  handit_data_policies: DataPolicyRow;
}

/** The handle repositories query with, and what a transaction passes them. */
export type HanditDb = Kysely<HanditTables>;
