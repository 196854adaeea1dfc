import type { Kysely, Transaction } from 'kysely';
import type { JsonColumn, NullableTimestampColumn, TimestampColumn } from '@app/infrastructure';

/** A dataset; `latest_version` is its newest item set (migration 0001). */
export interface DatasetRow {
  id: string;
  tenant: string;
  name: string;
  description: string | null;
  latest_version: number;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
}

/** One item of one dataset version: each version is a full snapshot of its items. */
export interface DatasetItemRow {
  id: string;
  tenant: string;
  dataset_id: string;
  version: number;
  position: number;
  input: JsonColumn;
  expected_output: JsonColumn;
  metadata: JsonColumn;
}

export interface ExperimentRow {
  id: string;
  tenant: string;
  name: string;
  dataset_id: string;
  dataset_version: number;
  /** What ran: task type, model, the model-version reference, parameters merged into each input. */
  target: JsonColumn;
  evaluators: JsonColumn;
  priority: string;
  status: string;
  item_count: number;
  summary: JsonColumn;
  created_by: string | null;
  created_at: TimestampColumn;
  finished_at: NullableTimestampColumn;
}

export interface ExperimentItemRow {
  experiment_id: string;
  item_id: string;
  tenant: string;
  position: number;
  status: string;
  task_id: string | null;
  trace_id: string | null;
  output: JsonColumn;
  error: JsonColumn;
  scores: JsonColumn;
  finished_at: NullableTimestampColumn;
}

export interface EvaluationTables {
  eval_datasets: DatasetRow;
  eval_dataset_items: DatasetItemRow;
  eval_experiments: ExperimentRow;
  eval_experiment_items: ExperimentItemRow;
}

export type EvaluationsDb = Kysely<EvaluationTables> | Transaction<EvaluationTables>;
