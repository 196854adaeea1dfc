import type { ColumnType, Kysely } from 'kysely';
import type { Priority, TaskStatus, TaskType } from '../tasks/task.types';

/** Read: a Date (PostgreSQL) or the ISO text we wrote (SQLite); written with toDbTimestamp. */
type Timestamp = ColumnType<Date | string, string, string>;
type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;
/** Read: parsed (PostgreSQL jsonb) or text (SQLite); written with toDbJson. */
type Json = ColumnType<unknown, string | null, string | null>;
/** PostgreSQL boolean, SQLite 0/1: written with toDbBoolean, read with fromDbBoolean. */
type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;
/** PostgreSQL may return integers as strings: read with fromDbInteger. */
type Int = ColumnType<number | string, number, number>;
type NullableInt = ColumnType<number | string | null, number | null, number | null>;

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
  /** `{ fraction, message, at }` as the model last reported it (0003); null when it never did. */
  progress: Json;
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
