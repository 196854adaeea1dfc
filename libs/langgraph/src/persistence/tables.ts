import type { ColumnType, Kysely } from 'kysely';
import type {
  TimestampColumn as Timestamp,
  NullableTimestampColumn as NullableTimestamp,
  JsonColumn as Json,
  NumberColumn as Real,
  NumberColumn as Int,
} from '@app/infrastructure';

/** An integer column with a default: it may be left out of an insert. */
type DefaultedInt = ColumnType<number | string, number | undefined, number>;

/** A registered definition: one row per (tenant, name, version), never changed (migration 0001). */
export interface WorkflowRow {
  id: string;
  tenant: string;
  name: string;
  version: Int;
  description: string | null;
  definition: Json;
  created_by: string | null;
  created_at: Timestamp;
}

/** A run of a template, a registered definition or an inline one (0001; pending_decision 0002). */
export interface RunRow {
  id: string;
  tenant: string;
  principal_id: string | null;
  workflow: string;
  version: Int;
  /** template | registered | inline. */
  source: string;
  /** An inline run's definition, so recovery can rebuild its graph. */
  definition: Json;
  /** The client's threadId. */
  thread_key: string | null;
  status: string;
  input: Json;
  output: Json;
  error: Json;
  interrupt: Json;
  pending_decision: Json;
  current_node: string | null;
  timeout_ms: Int;
  elapsed_ms: DefaultedInt;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  updated_at: Timestamp;
  finished_at: NullableTimestamp;
  /** The finished run this one replays (0005); null for every other run. */
  replay_of: string | null;
  /** The LangGraph Platform thread the run executes on; null: the run is its own thread (0004). */
  thread_id: ColumnType<string | null, string | null | undefined, string | null>;
  assistant_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The Platform arguments it was created with (input, command, stream modes, …) (0004). */
  kwargs: ColumnType<unknown, string | null | undefined, string | null>;
}

/** One node (or one fan-out instance, `id[i]`) of a run; keyed by (run_id, node_key). */
export interface RunNodeRow {
  run_id: string;
  node_key: string;
  node_id: string;
  kind: string;
  status: string;
  attempts: DefaultedInt;
  visits: DefaultedInt;
  /** Bumped after a failed task attempt: the next attempt submits a new Handit task. */
  generation: DefaultedInt;
  boot_id: string | null;
  started_at: NullableTimestamp;
  attempt_started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  output: Json;
  error: Json;
  task_ids: Json;
}

/** One entry of a run's event log; ids are ULIDs, monotonic per run. */
export interface RunEventRow {
  id: string;
  run_id: string;
  type: string;
  data: Json;
  at: Timestamp;
}

/** One limit of a tenant (desk '') or of one of its desks; symbol '' for every symbol (0003). */
export interface RiskLimitRow {
  id: string;
  tenant: string;
  desk: string;
  metric: string;
  symbol: string;
  max_value: Real;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The approval a risk gate asked for: when, valid until, the breaches and the reference prices (0003). */
export interface RiskApprovalRow {
  run_id: string;
  node_key: string;
  visit: Int;
  tenant: string;
  desk: string | null;
  breaches: Json;
  prices: Json;
  price_band: Real;
  status: string;
  requested_at: Timestamp;
  expires_at: Timestamp;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  reason: string | null;
}

/** A kill switch that is on: scope `*` (global) or a tenant (0003). */
export interface HaltRow {
  scope: string;
  reason: string;
  halted_by: string | null;
  halted_at: Timestamp;
}

/** A LangGraph Platform thread; its state lives in the checkpointer under thread_id (0004). */
export interface ThreadRow {
  tenant: string;
  thread_id: string;
  metadata: Json;
  status: string;
  graph_id: string | null;
  assistant_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One version of an assistant; exactly one version per assistant has latest set (0004). */
export interface AssistantRow {
  tenant: string;
  assistant_id: string;
  version: Int;
  graph_id: string;
  name: string;
  description: string | null;
  config: Json;
  context: Json;
  metadata: Json;
  latest: ColumnType<boolean | number, boolean | number, boolean | number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An item of the long-term store; namespace labels joined with '.' (0004). */
export interface StoreItemRow {
  tenant: string;
  namespace: string;
  key: string;
  value: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A cron: a run template fired by a task-scheduler schedule (0004). */
export interface CronRow {
  tenant: string;
  cron_id: string;
  assistant_id: string;
  thread_id: string | null;
  schedule: string;
  timezone: string | null;
  payload: Json;
  metadata: Json;
  enabled: ColumnType<boolean | number, boolean | number, boolean | number>;
  schedule_id: string | null;
  end_time: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One chunk a run streamed (`event` is the SSE event name); ids are ULIDs, monotonic per run (0004). */
export interface StreamEventRow {
  id: string;
  run_id: string;
  event: string;
  data: Json;
  at: Timestamp;
}

/** The langgraph tables as Kysely sees them, for `Database.tables<LanggraphTables>()`. */
export interface LanggraphTables {
  langgraph_workflows: WorkflowRow;
  langgraph_runs: RunRow;
  langgraph_run_nodes: RunNodeRow;
  langgraph_run_events: RunEventRow;
  langgraph_risk_limits: RiskLimitRow;
  langgraph_risk_approvals: RiskApprovalRow;
  langgraph_halts: HaltRow;
  langgraph_threads: ThreadRow;
  langgraph_assistants: AssistantRow;
  langgraph_store_items: StoreItemRow;
  langgraph_crons: CronRow;
  langgraph_stream_events: StreamEventRow;
}

/** The typed handle a repository statement runs on: its own, or a transaction's. */
export type LanggraphDb = Kysely<LanggraphTables>;
