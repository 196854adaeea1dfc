import type { ColumnType, Kysely, Selectable } from 'kysely';
import type { Priority } from '@app/handit';
import type { AgentKind } from '../agents/agent.types';
import type { RunStatus, Strategy } from '../coordination/run.types';
import type { DeadReason, MessageStatus } from '../messages/message.types';
import type {
  TimestampColumn as Timestamp,
  NullableTimestampColumn as NullableTimestamp,
  JsonColumn as Json,
  BooleanColumn as Bool,
  NumberColumn as Int,
  NullableNumberColumn as NullableNumber,
} from '@app/infrastructure';

/** `agents` (migrations 0001 and 0002): built-in agents have the tenant `*`. */
export interface AgentRow {
  id: string;
  tenant: string;
  name: string;
  kind: AgentKind;
  capabilities: Json;
  model: string | null;
  max_concurrency: Int;
  metadata: Json;
  paused: Bool;
  last_heartbeat_at: NullableTimestamp;
  success_ewma: Int;
  latency_ewma_ms: NullableNumber;
  consecutive_failures: Int;
  handled: Int;
  failed: Int;
  last_outcome_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  deregistered_at: NullableTimestamp;
  /** Migration 0002: the circuit breaker (defaults closed / 0). */
  breaker_state: ColumnType<string, string | undefined, string>;
  breaker_opened_at: ColumnType<Date | string | null, string | null | undefined, string | null>;
  breaker_failures: ColumnType<number | string, number | undefined, number>;
  breaker_attempt: ColumnType<number | string, number | undefined, number>;
}

/** `agent_messages`: every mailbox in one table; dead letters are rows with status `dead`. */
export interface MessageRow {
  id: string;
  tenant: string;
  agent_id: string;
  from_agent: string | null;
  broadcast_id: string | null;
  correlation_id: string | null;
  type: string;
  priority: Priority;
  priority_rank: Int;
  payload: Json;
  status: MessageStatus;
  deliveries: Int;
  max_deliveries: Int;
  lease_id: string | null;
  leased_at: NullableTimestamp;
  lease_expires_at: NullableTimestamp;
  available_at: Timestamp;
  ttl_ms: Int;
  expires_at: Timestamp;
  reply: Json;
  error: Json;
  dead_reason: DeadReason | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
  /** W3C traceparent of the send (migration 0003). */
  trace_parent: string | null;
}

/** `coordination_runs`: a run with its steps as one JSON column. */
export interface RunRow {
  id: string;
  tenant: string;
  principal_id: string | null;
  strategy: Strategy;
  task: string;
  selection: Json;
  input: Json;
  priority: Priority;
  timeout_ms: Int;
  status: RunStatus;
  steps: Json;
  result: Json;
  error: Json;
  created_at: Timestamp;
  deadline_at: Timestamp;
  finished_at: NullableTimestamp;
}

/** The tables of the `agents` migration namespace, as Kysely sees them. */
export interface AgentCoordinatorTables {
  agents: AgentRow;
  agent_messages: MessageRow;
  coordination_runs: RunRow;
}

/** The typed handle, or a transaction on it: what a repository's optional `db` parameter takes. */
export type AgentCoordinatorDb = Kysely<AgentCoordinatorTables>;

/** A message row as read: list views leave out the payload, which can be megabytes. */
export type SelectedMessageRow = Omit<Selectable<MessageRow>, 'payload'> &
  Partial<Pick<Selectable<MessageRow>, 'payload'>>;

/** A run row as read: list views leave out the input. */
export type SelectedRunRow = Omit<Selectable<RunRow>, 'input'> & Partial<Pick<Selectable<RunRow>, 'input'>>;
