import type { Priority } from '@app/handit';
import type { MessageError } from '../messages/message.types';

export const STRATEGIES = ['sequential', 'parallel', 'consensus'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'timed_out'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ['pending', 'sent', 'succeeded', 'failed', 'timed_out', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface RunStep {
  agentId: string;
  agentName: string;
  task: string;
  status: StepStatus;
  messageId: string | null;
  /** Health score when the run started: the consensus vote weight (score / 100). */
  healthAtStart: number;
  output?: unknown;
  error?: MessageError;
  startedAt?: string;
  finishedAt?: string;
  latencyMs?: number;
}

export interface RunSelection {
  agents?: string[];
  capability?: string;
  /** Sequential only: the task of each step (defaults to the run's task). */
  tasks?: string[];
}

export interface CoordinationRun {
  id: string;
  tenant: string;
  principalId: string | null;
  strategy: Strategy;
  task: string;
  selection: RunSelection;
  input: unknown;
  priority: Priority;
  timeoutMs: number;
  status: RunStatus;
  steps: RunStep[];
  result: unknown;
  error: MessageError | null;
  createdAt: Date;
  deadlineAt: Date;
  finishedAt: Date | null;
}

/** A page of a tenant's coordination runs, optionally of one status or strategy, newest first. */
export interface RunListQuery {
  tenant: string;
  status?: RunStatus;
  strategy?: Strategy;
  limit?: number;
  cursor?: string | null;
}

export interface CreateRunRequest {
  tenant: string;
  principalId: string | null;
  strategy: Strategy;
  agents?: string[];
  capability?: string;
  tasks?: string[];
  task?: string;
  input: unknown;
  priority?: Priority;
  timeoutMs?: number;
}
