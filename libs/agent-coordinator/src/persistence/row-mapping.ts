import {
  DatabaseDialect,
  fromDbBoolean,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
} from '@app/infrastructure';
import type { Priority } from '@app/handit';
import type { AgentKind, AgentRecord } from '../agents/agent.types';
import type { AgentMessage, DeadReason, MessageError, MessageStatus } from '../messages/message.types';
import type { CoordinationRun, RunSelection, RunStatus, RunStep, Strategy } from '../coordination/run.types';
import type { AgentRow, MessageRow, RunRow } from './agent-tables';

type Selected<T> = { [K in keyof T]: T[K] extends { __select__: infer S } ? S : unknown };

export function toAgent(dialect: DatabaseDialect, row: Selected<AgentRow> | Record<string, unknown>): AgentRecord {
  const r = row as Record<string, unknown>;
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    name: r.name as string,
    kind: r.kind as AgentKind,
    capabilities: fromDbJson<string[]>(dialect, r.capabilities) ?? [],
    model: (r.model as string | null) ?? null,
    maxConcurrency: fromDbInteger(r.max_concurrency),
    metadata: fromDbJson<Record<string, unknown>>(dialect, r.metadata) ?? {},
    paused: fromDbBoolean(r.paused),
    lastHeartbeatAt: fromDbTimestampOrNull(r.last_heartbeat_at),
    successEwma: Number(r.success_ewma),
    latencyEwmaMs: r.latency_ewma_ms === null || r.latency_ewma_ms === undefined ? null : Number(r.latency_ewma_ms),
    consecutiveFailures: fromDbInteger(r.consecutive_failures),
    handled: fromDbInteger(r.handled),
    failed: fromDbInteger(r.failed),
    lastOutcomeAt: fromDbTimestampOrNull(r.last_outcome_at),
    breaker: {
      state: r.breaker_state === 'open' ? 'open' : 'closed',
      openedAt: fromDbTimestampOrNull(r.breaker_opened_at)?.getTime() ?? null,
      failures: r.breaker_failures === undefined || r.breaker_failures === null ? 0 : fromDbInteger(r.breaker_failures),
      attempt: r.breaker_attempt === undefined || r.breaker_attempt === null ? 0 : fromDbInteger(r.breaker_attempt),
    },
    createdAt: fromDbTimestamp(r.created_at),
    updatedAt: fromDbTimestamp(r.updated_at),
    deregisteredAt: fromDbTimestampOrNull(r.deregistered_at),
  };
}

export function toMessage(dialect: DatabaseDialect, row: MessageRow | Record<string, unknown>): AgentMessage {
  const r = row as Record<string, unknown>;
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    agentId: r.agent_id as string,
    from: (r.from_agent as string | null) ?? null,
    broadcastId: (r.broadcast_id as string | null) ?? null,
    correlationId: (r.correlation_id as string | null) ?? null,
    type: r.type as string,
    priority: r.priority as Priority,
    payload: 'payload' in r ? fromDbJson(dialect, r.payload) : undefined,
    status: r.status as MessageStatus,
    deliveries: fromDbInteger(r.deliveries),
    maxDeliveries: fromDbInteger(r.max_deliveries),
    leaseId: (r.lease_id as string | null) ?? null,
    leasedAt: fromDbTimestampOrNull(r.leased_at),
    leaseExpiresAt: fromDbTimestampOrNull(r.lease_expires_at),
    availableAt: fromDbTimestamp(r.available_at),
    ttlMs: fromDbInteger(r.ttl_ms),
    expiresAt: fromDbTimestamp(r.expires_at),
    reply: fromDbJson(dialect, r.reply),
    error: fromDbJson<MessageError>(dialect, r.error),
    deadReason: (r.dead_reason as DeadReason | null) ?? null,
    createdAt: fromDbTimestamp(r.created_at),
    finishedAt: fromDbTimestampOrNull(r.finished_at),
  };
}

export function toRun(dialect: DatabaseDialect, row: RunRow | Record<string, unknown>): CoordinationRun {
  const r = row as Record<string, unknown>;
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    principalId: (r.principal_id as string | null) ?? null,
    strategy: r.strategy as Strategy,
    task: r.task as string,
    selection: fromDbJson<RunSelection>(dialect, r.selection) ?? {},
    input: 'input' in r ? fromDbJson(dialect, r.input) : undefined,
    priority: r.priority as Priority,
    timeoutMs: fromDbInteger(r.timeout_ms),
    status: r.status as RunStatus,
    steps: fromDbJson<RunStep[]>(dialect, r.steps) ?? [],
    result: fromDbJson(dialect, r.result),
    error: fromDbJson<MessageError>(dialect, r.error),
    createdAt: fromDbTimestamp(r.created_at),
    deadlineAt: fromDbTimestamp(r.deadline_at),
    finishedAt: fromDbTimestampOrNull(r.finished_at),
  };
}
