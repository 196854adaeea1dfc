/** What the LangGraph Platform API shows: threads, assistants, store items and crons of one tenant. */

export const THREAD_STATUSES = ['idle', 'busy', 'interrupted', 'error'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/** The Platform's run statuses, mapped from ours (see platformRunStatus). */
export const PLATFORM_RUN_STATUSES = ['pending', 'running', 'error', 'success', 'timeout', 'interrupted'] as const;
export type PlatformRunStatus = (typeof PLATFORM_RUN_STATUSES)[number];

export const MULTITASK_STRATEGIES = ['reject', 'interrupt', 'rollback', 'enqueue'] as const;
export type MultitaskStrategy = (typeof MULTITASK_STRATEGIES)[number];

/** Stream modes a run accepts; `messages-tuple` is the SDK's name for LangGraph's `messages`. */
export const STREAM_MODES = [
  'values',
  'updates',
  'events',
  'custom',
  'messages-tuple',
  'debug',
  'checkpoints',
  'tasks',
] as const;
export type StreamMode = (typeof STREAM_MODES)[number];

export interface Thread {
  tenant: string;
  threadId: string;
  metadata: Record<string, unknown>;
  status: ThreadStatus;
  graphId: string | null;
  assistantId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Assistant {
  tenant: string;
  assistantId: string;
  version: number;
  graphId: string;
  name: string;
  description: string | null;
  config: Record<string, unknown>;
  context: Record<string, unknown>;
  metadata: Record<string, unknown>;
  latest: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoreItem {
  namespace: string[];
  key: string;
  value: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface StreamChunk {
  id: string;
  runId: string;
  event: string;
  data: unknown;
}

export interface Cron {
  tenant: string;
  cronId: string;
  assistantId: string;
  threadId: string | null;
  schedule: string;
  timezone: string | null;
  /** The run each firing creates (input, config, metadata, …), snake_case as received. */
  payload: Record<string, unknown>;
  metadata: Record<string, unknown>;
  enabled: boolean;
  scheduleId: string | null;
  endTime: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
