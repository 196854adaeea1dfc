import type { Kysely } from 'kysely';
import type { MissedPolicy, OverlapPolicy, Priority, RunStatus, RunTrigger, ScheduleKind } from '../scheduler.types';
import type {
  TimestampColumn as Timestamp,
  NullableTimestampColumn as NullableTimestamp,
  JsonColumn as Json,
  BooleanColumn as Bool,
  NumberColumn as Int,
  NullableNumberColumn as NullableInt,
} from '@app/infrastructure';

/** `scheduler_schedules`: one row per schedule, owned by a tenant (0002_scheduler_tenant). */
export interface ScheduleRow {
  id: string;
  tenant: string;
  created_by: string | null;
  name: string | null;
  job: string;
  input: Json;
  kind: ScheduleKind;
  cron: string | null;
  timezone: string | null;
  every_ms: NullableInt;
  at: NullableTimestamp;
  market: Json;
  priority: Priority;
  max_attempts: Int;
  backoff: Json;
  timeout_ms: NullableInt;
  overlap_policy: OverlapPolicy;
  missed_policy: MissedPolicy;
  enabled: Bool;
  next_fire_at: NullableTimestamp;
  last_fire_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** W3C traceparent of its origin (migration 0005). */
  trace_parent: string | null;
}

/** `scheduler_runs`: every firing, manual trigger and retry; the dead-letter list is status `dead`. */
export interface RunRow {
  id: string;
  tenant: string;
  created_by: string | null;
  schedule_id: string | null;
  job: string;
  input: Json;
  priority: Priority;
  priority_rank: Int;
  status: RunStatus;
  trigger: RunTrigger;
  attempts: Int;
  max_attempts: Int;
  backoff: Json;
  timeout_ms: NullableInt;
  scheduled_for: Timestamp;
  not_before: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  duration_ms: NullableInt;
  error: string | null;
  errors: Json;
  result: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** W3C traceparent of its origin (migration 0005). */
  trace_parent: string | null;
}

/** The scheduler's tables as Kysely sees them (see migrations/). */
export interface SchedulerTables {
  scheduler_schedules: ScheduleRow;
  scheduler_runs: RunRow;
}

/** The typed handle, or a transaction on it: what a repository method's optional `db` takes. */
export type SchedulerDb = Kysely<SchedulerTables>;
