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
import type { AgentRecord } from '../agents/agent.types';
import type { CoordinationRun, RunSelection, RunStep } from '../coordination/run.types';
import type { AgentMessage, MessageError } from '../messages/message.types';
import type { AgentRow, SelectedMessageRow, SelectedRunRow } from './tables';

/** An `agents` row as the domain's AgentRecord. */
export function toAgent(dialect: DatabaseDialect, row: Selectable<AgentRow>): AgentRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    name: row.name,
    kind: row.kind,
    capabilities: fromDbJson<string[]>(dialect, row.capabilities) ?? [],
    model: row.model ?? null,
    maxConcurrency: fromDbInteger(row.max_concurrency),
    metadata: fromDbJson<Record<string, unknown>>(dialect, row.metadata) ?? {},
    paused: fromDbBoolean(row.paused),
    lastHeartbeatAt: fromDbTimestampOrNull(row.last_heartbeat_at),
    successEwma: Number(row.success_ewma),
    latencyEwmaMs:
      row.latency_ewma_ms === null || row.latency_ewma_ms === undefined ? null : Number(row.latency_ewma_ms),
    consecutiveFailures: fromDbInteger(row.consecutive_failures),
    handled: fromDbInteger(row.handled),
    failed: fromDbInteger(row.failed),
    lastOutcomeAt: fromDbTimestampOrNull(row.last_outcome_at),
    breaker: {
      state: row.breaker_state === 'open' ? 'open' : 'closed',
      openedAt: fromDbTimestampOrNull(row.breaker_opened_at)?.getTime() ?? null,
      // Missing or null in rows read before migration 0002 added the breaker columns.
      failures: fromDbIntegerOrNull(row.breaker_failures) ?? 0,
      attempt: fromDbIntegerOrNull(row.breaker_attempt) ?? 0,
    },
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
    deregisteredAt: fromDbTimestampOrNull(row.deregistered_at),
  };
}

/** An `agent_messages` row as an AgentMessage; a row read without its payload has `payload: undefined`. */
export function toMessage(dialect: DatabaseDialect, row: SelectedMessageRow): AgentMessage {
  return {
    id: row.id,
    tenant: row.tenant,
    agentId: row.agent_id,
    from: row.from_agent ?? null,
    broadcastId: row.broadcast_id ?? null,
    correlationId: row.correlation_id ?? null,
    type: row.type,
    priority: row.priority,
    payload: 'payload' in row ? fromDbJson(dialect, row.payload) : undefined,
    status: row.status,
    deliveries: fromDbInteger(row.deliveries),
    maxDeliveries: fromDbInteger(row.max_deliveries),
    leaseId: row.lease_id ?? null,
    leasedAt: fromDbTimestampOrNull(row.leased_at),
    leaseExpiresAt: fromDbTimestampOrNull(row.lease_expires_at),
    availableAt: fromDbTimestamp(row.available_at),
    ttlMs: fromDbInteger(row.ttl_ms),
    expiresAt: fromDbTimestamp(row.expires_at),
    reply: fromDbJson(dialect, row.reply),
    error: fromDbJson<MessageError>(dialect, row.error),
    deadReason: row.dead_reason ?? null,
    createdAt: fromDbTimestamp(row.created_at),
    finishedAt: fromDbTimestampOrNull(row.finished_at),
    traceParent: row.trace_parent ?? null,
  };
}

/** A `coordination_runs` row as a CoordinationRun; a row read without its input has `input: undefined`. */
export function toRun(dialect: DatabaseDialect, row: SelectedRunRow): CoordinationRun {
  return {
    id: row.id,
    tenant: row.tenant,
    principalId: row.principal_id ?? null,
    strategy: row.strategy,
    task: row.task,
    selection: fromDbJson<RunSelection>(dialect, row.selection) ?? {},
    input: 'input' in row ? fromDbJson(dialect, row.input) : undefined,
    priority: row.priority,
    timeoutMs: fromDbInteger(row.timeout_ms),
    status: row.status,
    steps: fromDbJson<RunStep[]>(dialect, row.steps) ?? [],
    result: fromDbJson(dialect, row.result),
    error: fromDbJson<MessageError>(dialect, row.error),
    createdAt: fromDbTimestamp(row.created_at),
    deadlineAt: fromDbTimestamp(row.deadline_at),
    finishedAt: fromDbTimestampOrNull(row.finished_at),
  };
}
