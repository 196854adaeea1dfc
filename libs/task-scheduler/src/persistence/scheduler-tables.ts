import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date | string, string, string>;
type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;
type Json = ColumnType<unknown, string | null, string | null>;
type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;
type Int = ColumnType<number | string, number, number>;

export interface ScheduleRow {
  id: string;
  tenant: string;
  created_by: string | null;
  name: string | null;
  job: string;
  input: Json;
  kind: string;
  cron: string | null;
  timezone: string | null;
  every_ms: ColumnType<number | string | null, number | null, number | null>;
  at: NullableTimestamp;
  market: Json;
  priority: string;
  max_attempts: Int;
  backoff: Json;
  timeout_ms: ColumnType<number | string | null, number | null, number | null>;
  overlap_policy: string;
  missed_policy: string;
  enabled: Bool;
  next_fire_at: NullableTimestamp;
  last_fire_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RunRow {
  id: string;
  tenant: string;
  created_by: string | null;
  schedule_id: string | null;
  job: string;
  input: Json;
  priority: string;
  priority_rank: Int;
  status: string;
  trigger: string;
  attempts: Int;
  max_attempts: Int;
  backoff: Json;
  timeout_ms: ColumnType<number | string | null, number | null, number | null>;
  scheduled_for: Timestamp;
  not_before: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  duration_ms: ColumnType<number | string | null, number | null, number | null>;
  error: string | null;
  errors: Json;
  result: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SchedulerTables {
  scheduler_schedules: ScheduleRow;
  scheduler_runs: RunRow;
}
