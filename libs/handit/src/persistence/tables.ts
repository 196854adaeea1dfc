import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date | string, string, string>;
type Json = ColumnType<unknown, string | null, string | null>;
type NullableInt = ColumnType<number | string | null, number | null, number | null>;

/** A task's lineage: the digests of what its result was computed from, and its data checks. */
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

/** A tenant's data policy overriding the configured defaults (null columns: the default applies). */
export interface DataPolicyRow {
  tenant: string;
  policy: string | null;
  staleness: Json;
  zero_volume_run: NullableInt;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** The tables of migration 0002 (handit_tasks stays with the task repository). */
export interface HanditDataTables {
  handit_task_lineage: TaskLineageRow;
  handit_data_policies: DataPolicyRow;
}
