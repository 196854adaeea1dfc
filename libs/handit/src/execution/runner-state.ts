import { Injectable } from '@nestjs/common';

/** Why an attempt was stopped from outside: a cancel, its timeout, or this replica's shutdown. */
export type StopReason = 'cancel' | 'timeout' | 'shutdown';

/** An attempt running on this replica: abort it through its controller, await `done`. */
export interface RunningTask {
  controller: AbortController;
  reason?: StopReason;
  done: Promise<void>;
}

/** What this replica is doing now, shared by the runner's parts: its attempts, the queue pause, shutdown. */
@Injectable()
export class RunnerState {
  readonly running = new Map<string, RunningTask>();
  /** The whole queue is paused (stored; in distributed mode refreshed from the store every second). */
  paused = false;
  stopping = false;

  /** Registers an attempt of `taskId` about to start; its `done` is set by the caller. */
  start(taskId: string): RunningTask {
    const run: RunningTask = { controller: new AbortController(), done: Promise.resolve() };
    this.running.set(taskId, run);
    return run;
  }

  /** Aborts a running attempt for `reason`, unless it is stopping already; false when none runs here. */
  stop(taskId: string, reason: StopReason, cause: Error): boolean {
    const run = this.running.get(taskId);
    if (!run || run.reason) return false;
    run.reason = reason;
    run.controller.abort(cause);
    return true;
  }
}
