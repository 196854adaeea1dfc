import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date | string, string, string>;
type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;
type Json = ColumnType<unknown, string | null, string | null>;
type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;
type Int = ColumnType<number | string, number, number>;
type NullableNumber = ColumnType<number | string | null, number | null, number | null>;

export interface AgentRow {
  id: string;
  tenant: string;
  name: string;
  kind: string;
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

export interface MessageRow {
  id: string;
  tenant: string;
  agent_id: string;
  from_agent: string | null;
  broadcast_id: string | null;
  correlation_id: string | null;
  type: string;
  priority: string;
  priority_rank: Int;
  payload: Json;
  status: string;
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
  dead_reason: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface RunRow {
  id: string;
  tenant: string;
  principal_id: string | null;
  strategy: string;
  task: string;
  selection: Json;
  input: Json;
  priority: string;
  timeout_ms: Int;
  status: string;
  steps: Json;
  result: Json;
  error: Json;
  created_at: Timestamp;
  deadline_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface AgentTables {
  agents: AgentRow;
  agent_messages: MessageRow;
  coordination_runs: RunRow;
}
