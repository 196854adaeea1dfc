import type { DataQualityReport } from '../data-quality/data-quality.types';
import type { QuantTaskType } from '../quant';
import type { TaskProgress } from '../progress/task-progress.types';

/** The five priority levels, highest first. Index = rank (0 is served first). */
export const PRIORITIES = ['critical', 'high', 'normal', 'low', 'background'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TASK_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const FINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'cancelled', 'timed_out']);

/** Task types: the quant engines' plus the LLM-only commentary. */
export type TaskType = QuantTaskType | 'market_commentary';

export interface TaskOptions {
  timeoutMs: number;
  maxAttempts: number;
  cache: boolean;
}

export interface TaskError {
  code: string;
  message: string;
  retryable?: boolean;
  details?: unknown;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/** A task as stored and as returned by the API. */
export interface Task {
  id: string;
  tenant: string;
  principalId: string | null;
  type: TaskType;
  modelId: string;
  modelVersion: string;
  priority: Priority;
  status: TaskStatus;
  input: unknown;
  options: TaskOptions;
  result: unknown | null;
  error: TaskError | null;
  attempts: number;
  cacheHit: boolean;
  usage: TokenUsage | null;
  idempotencyKey: string | null;
  traceId: string | null;
  traceParent: string | null;
  createdAt: Date;
  /** When the task may next start (later than createdAt while a retry backs off). */
  availableAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Digest of the data, model and parameters the result is computed from (GET /tasks/:id/lineage). */
  lineageDigest?: string | null;
  /** The data checks of its candle inputs (warnings under the `warn` policy); null without candles. */
  dataQuality?: DataQualityReport | null;
  /** The model's latest progress report (long analyses); null when it never reported. */
  progress?: TaskProgress | null;
}

/** One page of a tenant's tasks, newest first, with optional filters. */
export interface TaskListQuery {
  tenant: string;
  status?: TaskStatus;
  type?: TaskType;
  modelId?: string;
  priority?: Priority;
  createdFrom?: Date;
  createdTo?: Date;
  limit?: number;
  cursor?: string;
}

export function isFinal(status: TaskStatus): boolean {
  return FINAL_STATUSES.has(status);
}
