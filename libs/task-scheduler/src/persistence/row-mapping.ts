import {
  DatabaseDialect,
  fromDbBoolean,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
} from '@app/infrastructure';
import type { MarketTrigger } from '@app/market-calendars';
import type {
  AttemptError,
  Backoff,
  Priority,
  Run,
  RunStatus,
  RunTrigger,
  Schedule,
  ScheduleKind,
} from '../scheduler.types';
import type { RunRow, ScheduleRow } from './scheduler-tables';

type Row<T> = { [K in keyof T]: unknown };

const intOrNull = (v: unknown) => (v === null || v === undefined ? null : fromDbInteger(v));

export function toSchedule(dialect: DatabaseDialect, row: Row<ScheduleRow>): Schedule {
  return {
    id: row.id as string,
    tenant: row.tenant as string,
    createdBy: (row.created_by as string | null) ?? null,
    name: (row.name as string | null) ?? null,
    job: row.job as string,
    input: fromDbJson<Record<string, unknown>>(dialect, row.input) ?? {},
    kind: row.kind as ScheduleKind,
    cron: (row.cron as string | null) ?? null,
    timezone: (row.timezone as string | null) ?? null,
    everyMs: intOrNull(row.every_ms),
    at: fromDbTimestampOrNull(row.at),
    market: fromDbJson<MarketTrigger>(dialect, row.market),
    priority: row.priority as Priority,
    maxAttempts: fromDbInteger(row.max_attempts),
    backoff: fromDbJson<Backoff>(dialect, row.backoff) as Backoff,
    timeoutMs: intOrNull(row.timeout_ms),
    overlapPolicy: row.overlap_policy as Schedule['overlapPolicy'],
    missedPolicy: row.missed_policy as Schedule['missedPolicy'],
    enabled: fromDbBoolean(row.enabled),
    nextFireAt: fromDbTimestampOrNull(row.next_fire_at),
    lastFireAt: fromDbTimestampOrNull(row.last_fire_at),
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}

export function toRun(dialect: DatabaseDialect, row: Row<RunRow>): Run {
  return {
    id: row.id as string,
    tenant: row.tenant as string,
    createdBy: (row.created_by as string | null) ?? null,
    scheduleId: (row.schedule_id as string | null) ?? null,
    job: row.job as string,
    input: fromDbJson<Record<string, unknown>>(dialect, row.input) ?? {},
    priority: row.priority as Priority,
    status: row.status as RunStatus,
    trigger: row.trigger as RunTrigger,
    attempts: fromDbInteger(row.attempts),
    maxAttempts: fromDbInteger(row.max_attempts),
    backoff: fromDbJson<Backoff>(dialect, row.backoff) as Backoff,
    timeoutMs: intOrNull(row.timeout_ms),
    scheduledFor: fromDbTimestamp(row.scheduled_for),
    notBefore: fromDbTimestamp(row.not_before),
    startedAt: fromDbTimestampOrNull(row.started_at),
    finishedAt: fromDbTimestampOrNull(row.finished_at),
    durationMs: intOrNull(row.duration_ms),
    error: (row.error as string | null) ?? null,
    errors: fromDbJson<AttemptError[]>(dialect, row.errors) ?? [],
    result: fromDbJson(dialect, row.result),
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}
