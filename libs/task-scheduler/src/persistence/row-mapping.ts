import type { Selectable } from 'kysely';
import {
  DatabaseDialect,
  fromDbBoolean,
  fromDbInteger,
  fromDbIntegerOrNull,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
} from '@app/infrastructure';
import type { MarketTrigger } from '@app/market-calendars';
import type { AttemptError, Backoff, Run, Schedule } from '../scheduler.types';
import type { RunRow, ScheduleRow } from './tables';

/** A stored schedule (JSON columns parsed, integers and timestamps read the same on both dialects). */
export function toSchedule(dialect: DatabaseDialect, row: Selectable<ScheduleRow>): Schedule {
  return {
    id: row.id,
    tenant: row.tenant,
    createdBy: row.created_by ?? null,
    name: row.name ?? null,
    job: row.job,
    input: fromDbJson<Record<string, unknown>>(dialect, row.input) ?? {},
    kind: row.kind,
    cron: row.cron ?? null,
    timezone: row.timezone ?? null,
    everyMs: fromDbIntegerOrNull(row.every_ms),
    at: fromDbTimestampOrNull(row.at),
    market: fromDbJson<MarketTrigger>(dialect, row.market),
    priority: row.priority,
    maxAttempts: fromDbInteger(row.max_attempts),
    backoff: fromDbJson<Backoff>(dialect, row.backoff) as Backoff,
    timeoutMs: fromDbIntegerOrNull(row.timeout_ms),
    overlapPolicy: row.overlap_policy,
    missedPolicy: row.missed_policy,
    enabled: fromDbBoolean(row.enabled),
    nextFireAt: fromDbTimestampOrNull(row.next_fire_at),
    lastFireAt: fromDbTimestampOrNull(row.last_fire_at),
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
    traceParent: row.trace_parent ?? null,
  };
}

/** A stored run, with its attempt errors and result parsed. */
export function toRun(dialect: DatabaseDialect, row: Selectable<RunRow>): Run {
  return {
    id: row.id,
    tenant: row.tenant,
    createdBy: row.created_by ?? null,
    scheduleId: row.schedule_id ?? null,
    job: row.job,
    input: fromDbJson<Record<string, unknown>>(dialect, row.input) ?? {},
    priority: row.priority,
    status: row.status,
    trigger: row.trigger,
    attempts: fromDbInteger(row.attempts),
    maxAttempts: fromDbInteger(row.max_attempts),
    backoff: fromDbJson<Backoff>(dialect, row.backoff) as Backoff,
    timeoutMs: fromDbIntegerOrNull(row.timeout_ms),
    scheduledFor: fromDbTimestamp(row.scheduled_for),
    notBefore: fromDbTimestamp(row.not_before),
    startedAt: fromDbTimestampOrNull(row.started_at),
    finishedAt: fromDbTimestampOrNull(row.finished_at),
    durationMs: fromDbIntegerOrNull(row.duration_ms),
    error: row.error ?? null,
    errors: fromDbJson<AttemptError[]>(dialect, row.errors) ?? [],
    result: fromDbJson(dialect, row.result),
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
    traceParent: row.trace_parent ?? null,
  };
}
