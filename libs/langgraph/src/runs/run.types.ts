import type { WorkflowDefinition } from '../definition/definition.types';

export const RUN_STATUSES = ['queued', 'running', 'interrupted', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];
export const isFinalRun = (status: RunStatus) => FINAL_RUN_STATUSES.includes(status);
/** Statuses in which a run is "active" for GET /workflows. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'interrupted'];

export const NODE_STATUSES = ['running', 'waiting', 'succeeded', 'failed'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

/** Where a run's graph comes from: a shipped template, a registered definition, or one sent inline. */
export const RUN_SOURCES = ['template', 'registered', 'inline'] as const;
export type RunSource = (typeof RUN_SOURCES)[number];

export interface RunError {
  code: string;
  message: string;
  node?: string;
  details?: unknown;
}

/** What an interrupted run asks (the value the approval node passed to LangGraph's interrupt()). */
export interface PendingInterrupt {
  node: string;
  id: string;
  value: unknown;
}

export interface Run {
  id: string;
  tenant: string;
  principalId: string | null;
  workflow: string;
  version: number;
  source: RunSource;
  definition: WorkflowDefinition | null;
  threadKey: string | null;
  status: RunStatus;
  input: Record<string, unknown>;
  output: unknown;
  error: RunError | null;
  interrupt: PendingInterrupt[] | null;
  /**
   * The answer to an interrupt, stored when the resume is accepted and cleared when the run next
   * settles: a crash between accepting it and the graph consuming it must not lose it.
   */
  pendingDecision: ApprovalDecision | null;
  currentNode: string | null;
  timeoutMs: number;
  elapsedMs: number;
  createdAt: Date;
  startedAt: Date | null;
  updatedAt: Date;
  finishedAt: Date | null;
  /** The finished run this run replays (POST /runs/:id/replay); null otherwise. */
  replayOf?: string | null;
  /** The LangGraph Platform thread it runs on (its checkpointer thread); null: its own id. */
  threadId?: string | null;
  assistantId?: string | null;
  /** How a Platform run was asked for; null for runs of /api/v1/orchestration. */
  kwargs?: PlatformKwargs | null;
}

/** A LangGraph Platform run's arguments, as the API received them (snake_case, like the wire). */
export interface PlatformKwargs {
  input?: unknown;
  command?: { resume?: unknown; update?: unknown; goto?: unknown } | null;
  config?: { configurable?: Record<string, unknown>; tags?: string[]; recursion_limit?: number } | null;
  context?: Record<string, unknown> | null;
  metadata: Record<string, unknown>;
  stream_mode: string[];
  stream_subgraphs: boolean;
  interrupt_before?: string[] | '*' | null;
  interrupt_after?: string[] | '*' | null;
  /** Fork: run from this checkpoint of the thread, leaving later ones untouched. */
  checkpoint_id?: string | null;
  multitask_strategy: string;
  /** Stateless runs: delete the temporary thread when done (`delete`) or keep it. */
  on_completion?: string | null;
  temporary: boolean;
  /** Where to POST the run when it completes (delivered by the webhooks feature, not by the runner). */
  webhook?: string | null;
}

export interface RunNode {
  runId: string;
  /** The node id, or `id[i]` for the i-th instance of a fan-out (LangGraph Send). */
  key: string;
  nodeId: string;
  kind: string;
  status: NodeStatus;
  attempts: number;
  visits: number;
  generation: number;
  bootId: string | null;
  startedAt: Date | null;
  attemptStartedAt: Date | null;
  finishedAt: Date | null;
  output: unknown;
  error: RunError | null;
  taskIds: string[];
}

export interface RunEvent {
  id: string;
  runId: string;
  type: string;
  data: Record<string, unknown>;
  at: Date;
}

/** The human decision that resumes an interrupted run. */
export interface ApprovalDecision {
  approved: boolean;
  comment?: string;
  by?: string;
  /** Current prices, for a risk gate's approval: it lapses once one moved beyond the gate's band. */
  prices?: Record<string, number>;
}
