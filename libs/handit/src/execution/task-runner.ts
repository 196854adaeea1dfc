import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BaseLogger, HanditSettings, QueuePauseRepository, QueueScope, throttledErrorLog } from '@app/infrastructure';
import { HanditMetrics } from '../handit.metrics';
import { TaskQueueRepository } from '../persistence/task-queue.repository';
import type { JobOutcome } from '../queue/distributed/bullmq-task-queue';
import { DistributedFeed } from '../queue/distributed/distributed-feed';
import { entryOf, HANDIT_QUEUE, QueueEntry, TaskQueue } from '../queue/task-queue';
import { TaskCancelledError } from '../tasks/task-errors';
import type { Priority, Task } from '../tasks/task.types';
import { AttemptExecutor, type AttemptFeed } from './attempt-executor';
import { RunnerState } from './runner-state';
import { PendingInputs } from './pending-inputs';
import { TaskEvents } from './task-events';
import { TaskOutcomes, type FinishedTaskSummary } from './task-outcomes';
import { TaskRetention } from './task-retention';

export type { FinishedTaskSummary } from './task-outcomes';

/**
 * Runs queued tasks: strict priority with aging (the queue), bounded concurrency, a timeout per
 * attempt, cooperative cancellation (AbortSignal; quant work on worker threads is stopped by
 * terminating the thread), retries with exponential backoff and full jitter for retryable
 * failures, a result cache with in-flight coalescing, and crash recovery at start-up.
 *
 * The database row is the truth: every transition is a conditional update (queued → running only
 * if still queued, and so on), so a cancel racing a start, or a stale queue entry after a
 * restart, can never run a task twice to completion.
 *
 * This class is the feed of the embedded mode (the in-process queue and its pump) and the entry
 * point of both modes; one attempt is AttemptExecutor's, final states are TaskOutcomes', and the
 * distributed mode (PostgreSQL + Redis) swaps the feed for DistributedFeed, not the execution.
 *
 * Pauses (whole queue, or one tenant's work) are stored, and every attempt checks them once it
 * has a slot: a held task goes back to wait (embedded: aside in the in-process queue; distributed:
 * its job ends and the row stays queued, and the resume adds the job again), so it starts after
 * the resume, exactly once. ManagedTaskQueue exposes this to the scheduler's queue management.
 */
@Injectable()
export class TaskRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: BaseLogger;
  private readonly logJobNotAdded: (err: Error) => void;
  /** The embedded mode's feed of attempts: the in-process queue. */
  private readonly embedded: AttemptFeed = {
    enqueue: (task) => this.enqueue(task),
    held: (tenant) => Promise.resolve(this.state.paused || this.queue.holds(tenant)),
    setAside: (entry) => this.setAside(entry),
  };

  constructor(
    private readonly settings: HanditSettings,
    logger: BaseLogger,
    private readonly queue: TaskQueue,
    private readonly repository: TaskQueueRepository,
    private readonly attempts: AttemptExecutor,
    private readonly outcomes: TaskOutcomes,
    private readonly retention: TaskRetention,
    private readonly events: TaskEvents,
    private readonly metrics: HanditMetrics,
    private readonly pauses: QueuePauseRepository,
    private readonly state: RunnerState,
    private readonly distributed: DistributedFeed,
    private readonly inputs: PendingInputs,
  ) {
    this.logger = logger.child({ component: 'handit' });
    this.logJobNotAdded = throttledErrorLog(this.logger, 'handit-submit', {
      message: 'Job not added; the reconciler will add it',
    });
    this.queue.onReady(() => this.pump());
  }

  /**
   * Start-up recovery: queued tasks go back in the queue; tasks a crash left running are retried.
   * The stored pauses are applied first, so work paused before the restart stays held.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.distributed.enabled) return this.distributed.start();
    const pauses = await this.pauses.state(HANDIT_QUEUE);
    this.state.paused = pauses.queue;
    for (const tenant of pauses.tenants) this.queue.hold(tenant);
    const unfinished = await this.repository.findUnfinished();
    let requeued = 0;
    for (const task of unfinished) {
      if (task.status === 'running') {
        if (task.attempts >= task.options.maxAttempts) {
          await this.repository.finish(task.id, {
            status: 'failed',
            error: { code: 'INTERRUPTED', message: 'The service stopped during the last allowed attempt' },
            at: new Date(),
          });
          continue;
        }
        await this.repository.resetRunning(task.id);
      }
      this.enqueue(task);
      requeued++;
    }
    if (unfinished.length)
      this.logger.log({ requeued, failed: unfinished.length - requeued }, 'Recovered unfinished tasks');
    await this.retention.sweep();
    this.pump();
  }

  async onApplicationShutdown(): Promise<void> {
    this.state.stopping = true;
    this.distributed.stopTimers();
    // Running attempts are abandoned, not failed: their rows stay `running` and the next start
    // retries them, which is what a crash does too.
    for (const run of this.state.running.values()) {
      run.reason = 'shutdown';
      run.controller.abort(new Error('shutdown'));
    }
    await Promise.allSettled([...this.state.running.values()].map((r) => r.done));
    await this.distributed.close();
    this.queue.close();
  }

  /**
   * Accepts a task whose row is already in the database. Distributed: adds its job; if Redis
   * refuses, the row is still queued and the reconciler adds the job later (outbox), so the
   * caller's 202 stays true.
   */
  async submit(task: Task): Promise<void> {
    // While Redis is down this fails for every task: one line per 10 s, not one per request.
    if (this.distributed.enabled) {
      this.inputs.keep(task.id, task.input);
      return this.distributed.submit(task, this.logJobNotAdded);
    }
    this.enqueue(task);
    this.pump();
  }

  get depth(): number {
    return this.distributed.enabled ? this.distributed.depth : this.queue.size;
  }

  /**
   * Cancels a task: queued → removed and cancelled at once; running → its attempt is aborted and
   * the row becomes cancelled when the attempt has stopped. Returns false if it was already final.
   */
  async cancel(task: Task): Promise<boolean> {
    if (task.status === 'queued') {
      if (this.distributed.enabled) {
        await this.distributed.remove(task.id);
      } else {
        this.queue.remove(task.id);
        this.metrics.setDepth(this.queue.depthByPriority());
      }
      const done = await this.repository.finish(task.id, { status: 'cancelled', at: new Date() }, ['queued']);
      if (done) {
        this.inputs.forget(task.id);
        this.events.changed(task, 'cancelled');
        this.outcomes.record(task, 'cancelled', 0);
        return true;
      }
      // It started meanwhile: fall through to cancelling the running attempt.
    }
    const run = this.state.running.get(task.id);
    if (run) {
      run.reason = 'cancel';
      run.controller.abort(new TaskCancelledError());
      await run.done;
      return true;
    }
    if (this.distributed.enabled) return this.distributed.cancelElsewhere(task);
    return false;
  }

  recentHistory(): FinishedTaskSummary[] {
    return this.outcomes.recentHistory();
  }

  /** Applies a stored pause or resume of `scope` here; the store is written already. */
  async applyPause(scope: QueueScope, paused: boolean): Promise<void> {
    if (this.distributed.enabled) return this.distributed.applyPause(scope, paused);
    if (scope.kind === 'queue') this.state.paused = paused;
    else if (paused) this.queue.hold(scope.tenant);
    else this.queue.release(scope.tenant);
    this.metrics.setDepth(this.queue.depthByPriority());
    this.pump();
  }

  /** Cancels the waiting tasks of one tenant, or of every tenant (DRAINED); returns how many. */
  async drain(tenant?: string): Promise<number> {
    if (this.distributed.enabled) return this.distributed.drain(tenant);
    const ids = this.queue.clear(tenant);
    this.metrics.setDepth(this.queue.depthByPriority());
    let removed = 0;
    for (const id of ids) if (await this.outcomes.drained(id)) removed++;
    return removed;
  }

  /** One BullMQ delivery of a task (distributed mode; see DistributedFeed.handleJob). */
  handleJob(taskId: string, priority: Priority): Promise<JobOutcome> {
    return this.distributed.handleJob(taskId, priority);
  }

  /** Into the in-process queue; in distributed mode, the delivery's job is delayed instead. */
  private enqueue(task: Task): void {
    this.inputs.keep(task.id, task.input);
    if (this.distributed.enabled) return this.distributed.enqueue(task);
    this.queue.enqueue(entryOf(task));
    this.metrics.setDepth(this.queue.depthByPriority());
  }

  /** A held task waits back in the queue (aside, for a held tenant). */
  private setAside(entry: QueueEntry): void {
    this.queue.enqueue(entry);
    this.metrics.setDepth(this.queue.depthByPriority());
  }

  private pump(): void {
    while (!this.state.paused && !this.state.stopping && this.state.running.size < this.settings.concurrency) {
      const entry = this.queue.dequeue();
      if (!entry) break;
      this.metrics.setDepth(this.queue.depthByPriority());
      if (this.outcomes.finishedHere(entry.id)) continue;
      const run = this.state.start(entry.id);
      run.done = this.attempts
        .attempt(entry, run, this.embedded)
        // Its outcome could not be written (nothing else throws here): the row stays running and
        // the next start retries it. Caught, so it is never an unhandled rejection.
        .catch((err: Error) => this.logger.error({ err, taskId: entry.id }, 'Task outcome not written'))
        .finally(() => {
          this.state.running.delete(entry.id);
          this.pump();
        });
    }
  }
}
