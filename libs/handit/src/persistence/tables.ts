import type { Kysely } from 'kysely';
import type { Priority, TaskStatus, TaskType } from '../tasks/task.types';
import type {
  TimestampColumn as Timestamp,
  NullableTimestampColumn as NullableTimestamp,
  JsonColumn as Json,
  BooleanColumn as Bool,
  NullableBooleanColumn as NullableBool,
  NumberColumn as Int,
  NullableNumberColumn as NullableInt,
} from '@app/infrastructure';

/** A task: what was asked, where it is in its life, and its outcome (migration 0001; its input is in TaskInputRow). */
export interface TaskRow {
  id: string;
  tenant: string;
  principal_id: string | null;
  type: TaskType;
  model_id: string;
  model_version: string;
  priority: Priority;
  status: TaskStatus;
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

/** A task's input, written once when it is accepted (0005; it was handit_tasks.input before). */
export interface TaskInputRow {
  task_id: string;
  input: Json;
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

/** A model defined through the API (0003). */
export interface ModelRow {
  id: string;
  name: string;
  description: string;
  task_types: Json;
  asset_classes: Json;
  created_by: string | null;
  created_at: Timestamp;
}

/** One version of a model: a built-in engine with parameters, or an external endpoint (0003). */
export interface ModelVersionRow {
  model_id: string;
  version: string;
  engine: string | null;
  external: Json;
  parameters: Json;
  status: string;
  fallback_version: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A routing rule of a model, for one tenant or ('') every tenant (0003). */
export interface RoutingRuleRow {
  model_id: string;
  tenant: string;
  split: Json;
  sticky: Json;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** A shadow version's run on a champion task's input (0003). */
export interface ShadowRunRow {
  id: string;
  task_id: string;
  tenant: string;
  model_id: string;
  champion_version: string;
  version: string;
  status: string;
  result: Json;
  error: Json;
  duration_ms: Int;
  champion_duration_ms: Int;
  agreed: NullableBool;
  created_at: Timestamp;
}

/** The registry's revision: bumped by every governance change, polled by replicas (0003). */
export interface RegistryRevisionRow {
  id: number;
  revision: Int;
  updated_at: Timestamp;
}

/** Handit's tables as Kysely sees them (see migrations/). */
export interface HanditTables {
  handit_tasks: TaskRow;
  handit_task_inputs: TaskInputRow;
  handit_task_lineage: TaskLineageRow;
  handit_data_policies: DataPolicyRow;
  handit_models: ModelRow;
  handit_model_versions: ModelVersionRow;
  handit_routing_rules: RoutingRuleRow;
  handit_shadow_runs: ShadowRunRow;
  handit_registry_revision: RegistryRevisionRow;
}

/** The handle repositories query with, and what a transaction passes them. */
export type HanditDb = Kysely<HanditTables>;
