import type { Selectable } from 'kysely';
import {
  type DatabaseDialect,
  fromDbBoolean,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
} from '@app/infrastructure';
import type { Assistant, Cron, StoreItem, StreamChunk, Thread, ThreadStatus } from '../platform/platform.types';
import type { AssistantRow, CronRow, StoreItemRow, StreamEventRow, ThreadRow } from './tables';

type Obj = Record<string, unknown>;

export function toThread(dialect: DatabaseDialect, row: Selectable<ThreadRow>): Thread {
  return {
    tenant: row.tenant,
    threadId: row.thread_id,
    metadata: fromDbJson<Obj>(dialect, row.metadata) ?? {},
    status: row.status as ThreadStatus,
    graphId: row.graph_id ?? null,
    assistantId: row.assistant_id ?? null,
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}

export function toAssistant(dialect: DatabaseDialect, row: Selectable<AssistantRow>): Assistant {
  return {
    tenant: row.tenant,
    assistantId: row.assistant_id,
    version: fromDbInteger(row.version),
    graphId: row.graph_id,
    name: row.name,
    description: row.description ?? null,
    config: fromDbJson<Obj>(dialect, row.config) ?? {},
    context: fromDbJson<Obj>(dialect, row.context) ?? {},
    metadata: fromDbJson<Obj>(dialect, row.metadata) ?? {},
    latest: fromDbBoolean(row.latest),
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}

export function toStoreItem(dialect: DatabaseDialect, row: Selectable<StoreItemRow>): StoreItem {
  return {
    namespace: row.namespace.split('.'),
    key: row.key,
    value: fromDbJson<Obj>(dialect, row.value) ?? {},
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}

export function toStreamChunk(dialect: DatabaseDialect, row: Selectable<StreamEventRow>): StreamChunk {
  return { id: row.id, runId: row.run_id, event: row.event, data: fromDbJson(dialect, row.data) };
}

export function toCron(dialect: DatabaseDialect, row: Selectable<CronRow>): Cron {
  return {
    tenant: row.tenant,
    cronId: row.cron_id,
    assistantId: row.assistant_id,
    threadId: row.thread_id ?? null,
    schedule: row.schedule,
    timezone: row.timezone ?? null,
    payload: fromDbJson<Obj>(dialect, row.payload) ?? {},
    metadata: fromDbJson<Obj>(dialect, row.metadata) ?? {},
    enabled: fromDbBoolean(row.enabled),
    scheduleId: row.schedule_id ?? null,
    endTime: fromDbTimestampOrNull(row.end_time),
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}
