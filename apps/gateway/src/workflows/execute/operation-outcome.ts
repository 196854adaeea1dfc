import type { OperationKind } from './operation.dto';

/**
 * Where an operation stands, in one vocabulary for every kind: each resource's own statuses
 * (a task's `timed_out`, a run's `interrupted`, a coordination's `partial`) pass through, and a
 * batch adds `skipped` for parts it never started.
 */
export interface OperationOutcome {
  operation: OperationKind;
  status: string;
  /** The task or run created; null for the memory reads, which create nothing. */
  id: string | null;
  result: unknown;
  error: { code: string; message: string; details?: unknown } | null;
  links: { self?: string; events?: string };
}

/** Still moving: not final, and not waiting for a human (an interrupted run has settled). */
const PENDING = new Set(['queued', 'running']);

export function isSettled(outcome: Pick<OperationOutcome, 'status'>): boolean {
  return !PENDING.has(outcome.status);
}

export function succeeded(outcome: Pick<OperationOutcome, 'status'>): boolean {
  return outcome.status === 'succeeded';
}

/** An operation that was started: what it is now, and a way to wait (bounded) for it to settle. */
export interface StartedOperation {
  outcome: OperationOutcome;
  replayed: boolean;
  wait(ms: number): Promise<OperationOutcome>;
}
