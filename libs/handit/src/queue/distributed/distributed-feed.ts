import { Inject, Injectable, Optional } from '@nestjs/common';
import { BaseConfig, BaseLogger, HanditSettings, QueuePauseRepository, QueueScope } from '@app/infrastructure';
import { AttemptExecutor, type AttemptFeed } from '../../execution/attempt-executor';
import { RunnerState } from '../../execution/runner-state';
import { TaskEvents } from '../../execution/task-events';
import { TaskOutcomes } from '../../execution/task-outcomes';
import { TaskRetention } from '../../execution/task-retention';
import { HanditMetrics } from '../../handit.metrics';
import { TaskQueueRepository } from '../../persistence/task-queue.repository';
import { TaskCancelledError } from '../../tasks/task-errors';
import { isFinal, PRIORITIES, type Priority, type Task } from '../../tasks/task.types';
import { entryOf, HANDIT_QUEUE } from '../task-queue';
import { BullmqTaskQueue, type JobOutcome } from './bullmq-task-queue';
import { TaskBus } from './task-bus';
import { TaskReconciler } from './task-reconciler';

/** How long a cancel waits for another replica to stop the attempt before settling the row itself. */
const REMOTE_CANCEL_WAIT_MS = 5000;
/** How often every replica refreshes the shared queue depth (QUEUE_FULL, metrics) in distributed mode. */
const DEPTH_REFRESH_MS = 1000;

/**
 * The runner's feed in distributed mode (PostgreSQL + Redis): BullMQ delivers task ids to
 * `handleJob` on worker replicas (ROLE worker or all); a reconciler re-adds jobs for queued rows
 * that have none; cancels reach attempts running on other replicas over Redis pub/sub. Api
 * replicas (ROLE=api) only add jobs. `enabled` is false in the embedded mode, where nothing here runs.
 */
@Injectable()
export class DistributedFeed implements AttemptFeed {
  private readonly settings: HanditSettings;
  private readonly role: 'api' | 'worker' | 'all';
  private readonly logger: BaseLogger;
  /** Retries decided during a delivery, applied to that job when it returns (≤ concurrency entries). */
  private readonly retries = new Map<string, Date>();
  private sharedDepth: Record<Priority, number> = emptyDepth();
  private depthTimer?: NodeJS.Timeout;
  private reconciler?: TaskReconciler;

  constructor(
    config: BaseConfig,
    logger: BaseLogger,
    private readonly repository: TaskQueueRepository,
    private readonly attempts: AttemptExecutor,
    private readonly outcomes: TaskOutcomes,
    private readonly events: TaskEvents,
    private readonly metrics: HanditMetrics,
    private readonly retention: TaskRetention,
    private readonly pauses: QueuePauseRepository,
    private readonly state: RunnerState,
    // Explicit tokens: a `| null` type emits Object as design metadata, which Nest cannot resolve.
    @Optional() @Inject(BullmqTaskQueue) private readonly queue?: BullmqTaskQueue | null,
    @Optional() @Inject(TaskBus) private readonly bus?: TaskBus | null,
  ) {
    this.role = config.values.service.role;
    this.settings = config.values.aiComponents.handit;
    this.logger = logger.child({ component: 'handit' });
  }

  /** Whether tasks go through BullMQ (distributed mode). */
  get enabled(): boolean {
    return !!this.queue;
  }

  /** Whether this replica runs attempts (false on api replicas). */
  get executes(): boolean {
    return this.queue?.executes ?? true;
  }

  get replicaRole(): 'api' | 'worker' | 'all' {
    return this.role;
  }

  /** Queued tasks on every replica, as last counted from the rows. */
  get depth(): number {
    return PRIORITIES.reduce((n, p) => n + this.sharedDepth[p], 0);
  }

  async start(): Promise<void> {
    const queue = this.bullmq();
    await this.refreshDepth();
    this.depthTimer = setInterval(
      () => void Promise.all([this.refreshDepth(), this.refreshPaused(queue)]),
      DEPTH_REFRESH_MS,
    );
    this.depthTimer.unref();
    await this.refreshPaused(queue);
    // Every replica may re-add jobs after a resume; only workers run the periodic passes.
    const runsHere = (taskId: string) => this.state.running.has(taskId);
    this.reconciler = new TaskReconciler(this.repository, queue, this.settings, this.logger, runsHere, this.pauses);
    if (this.role === 'api') return;
    this.bus?.onCancel((taskId) => this.state.stop(taskId, 'cancel', new TaskCancelledError()));
    queue.startWorker((taskId, priority) => this.handleJob(taskId, priority));
    this.reconciler.start();
    await this.retention.sweep();
  }

  /** Stops the timers; attempts are stopped by the runner, then `close` disconnects. */
  stopTimers(): void {
    clearInterval(this.depthTimer);
    this.reconciler?.stop();
  }

  /** After the attempts: the worker hands their jobs back (delayed) before it disconnects. */
  async close(): Promise<void> {
    await this.queue?.close();
    await this.bus?.close();
  }

  /**
   * Adds the job of a task whose row is stored; if Redis refuses, the row is still queued and the
   * reconciler adds the job later (outbox), so the caller's 202 stays true.
   */
  async submit(task: Task, onError: (err: Error) => void): Promise<void> {
    await this.bullmq().add(task).catch(onError);
    this.sharedDepth[task.priority]++;
  }

  /** Removes a queued task's job (saves a delivery; a job already taken finds its row final). */
  async remove(taskId: string): Promise<void> {
    await this.bullmq()
      .remove(taskId)
      .catch(() => undefined);
  }

  /**
   * One BullMQ delivery of a task. The row decides: final → nothing to do; queued but backing
   * off → the job waits until then; running → its owner died (the job stalled and came back), so
   * this replica takes the task over as a new counted attempt, or fails it when none is left.
   */
  async handleJob(taskId: string, priority: Priority): Promise<JobOutcome> {
    if (this.state.stopping) return { retryAt: new Date() };
    if (this.state.running.has(taskId)) return {};
    const task = await this.repository.findById(taskId);
    if (!task || isFinal(task.status)) return {};
    if (task.status === 'queued' && task.availableAt.getTime() > Date.now() + 20) return { retryAt: task.availableAt };
    if (task.status === 'running') {
      if (task.attempts >= task.options.maxAttempts) {
        const error = { code: 'INTERRUPTED', message: 'The replica running the last allowed attempt stopped' };
        if (await this.repository.finish(task.id, { status: 'failed', error, at: new Date() })) {
          this.events.changed(task, 'failed', error);
          this.outcomes.record(task, 'failed', 0);
        }
        return {};
      }
      if (!(await this.repository.resetRunning(task.id, task.attempts))) return {};
      this.logger.warn({ taskId, attempts: task.attempts }, 'Taking over a task whose replica stopped');
    }
    const run = this.state.start(taskId);
    run.done = this.attempts
      .attempt({ ...entryOf(task), priority }, run, this)
      .finally(() => this.state.running.delete(taskId));
    await run.done;
    if (run.reason === 'shutdown' || this.state.stopping) {
      // Abandoned by this replica's shutdown: back to queued (the attempt stays counted) and the
      // same job goes back to BullMQ for another replica.
      await this.repository.resetRunning(taskId).catch(() => false);
      this.retries.delete(taskId);
      return { retryAt: new Date() };
    }
    const retryAt = this.retries.get(taskId);
    this.retries.delete(taskId);
    return retryAt ? { retryAt } : {};
  }

  /** Inside a delivery (retry, or no concurrency slot): handleJob delays this very job. */
  enqueue(task: Task): void {
    this.retries.set(task.id, task.availableAt);
  }

  /** The store decides, since any replica may have paused the work. */
  held(tenant: string): Promise<boolean> {
    // Unreadable store: markRunning cannot write either, so the task is not started anyway.
    return this.pauses.holds(HANDIT_QUEUE, tenant).catch(() => false);
  }

  /** A held task's job simply ends (no retry recorded), the row stays queued, and a resume adds the job again. */
  setAside(): void {}

  /**
   * The attempt runs on another replica (or its owner died): ask over pub/sub, wait for the row
   * to become final, and if the owner stays silent settle the row here. The conditional finish
   * means whichever of the two writes second changes nothing.
   */
  async cancelElsewhere(task: Task): Promise<boolean> {
    const queued = this.remove(task.id);
    this.bus?.publishCancel(task.id);
    await queued;
    const deadline = Date.now() + REMOTE_CANCEL_WAIT_MS;
    for (let i = 0; i < 200 && Date.now() < deadline; i++) {
      const current = await this.repository.findById(task.id);
      if (!current) return false;
      if (isFinal(current.status)) return current.status === 'cancelled';
      if (
        current.status === 'queued' &&
        (await this.repository.finish(task.id, { status: 'cancelled', at: new Date() }, ['queued']))
      ) {
        this.events.changed(task, 'cancelled');
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const error = { code: 'CANCELLED', message: 'Cancelled while running (its replica did not answer)' };
    if (!(await this.repository.finish(task.id, { status: 'cancelled', error, at: new Date() }, ['running'])))
      return false;
    this.events.changed(task, 'cancelled', error);
    this.outcomes.record(task, 'cancelled', 0);
    return true;
  }

  /**
   * A whole-queue pause also pauses the BullMQ queue (no worker takes a job); a resume adds the
   * jobs that deliveries set aside while the work was held.
   */
  async applyPause(scope: QueueScope, paused: boolean): Promise<void> {
    const queue = this.bullmq();
    // Redis down: BullMQ's flag follows the store once it is back (refreshPaused), and the
    // reconciler adds the missing jobs of queued rows; the stored pause holds meanwhile.
    const warn = (what: string) => (err: Error) => this.logger.warn({ err: { message: err.message } }, what);
    if (scope.kind === 'queue') {
      this.state.paused = paused;
      await (paused ? queue.pause() : queue.resume()).catch(warn('BullMQ pause flag unchanged; it follows the store'));
    }
    if (paused) return;
    const stored = await this.pauses.state(HANDIT_QUEUE);
    const filter = scope.kind === 'tenant' ? { tenant: scope.tenant } : { excludeTenants: [...stored.tenants] };
    await this.reconciler?.requeue(filter).catch(warn('Jobs not re-added after a resume; the reconciler adds them'));
  }

  /** Every queued row in scope becomes cancelled (DRAINED); its job goes too (a stale one finds its row final). */
  async drain(tenant?: string): Promise<number> {
    const queue = this.bullmq();
    const warn = (err: Error) => this.logger.warn({ err: { message: err.message } }, 'BullMQ drain failed; rows go');
    let removed = 0;
    let after: { createdAt: Date; id: string } | undefined;
    for (let page = 0; page < 1000; page++) {
      const rows = await this.repository.oldestQueued(1000, after, { tenant });
      if (!rows.length) break;
      for (const row of rows) if (await this.outcomes.drained(row.id)) removed++;
      // Jobs go after their rows are final: a reconciler (any replica) re-adds the job of a row
      // still queued without one, so removing first could race it into leaving a job behind.
      if (tenant !== undefined) await Promise.all(rows.map((r) => queue.remove(r.id).catch(() => undefined)));
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
    // A job of a task accepted meanwhile goes too; its row is still queued, so the reconciler re-adds it.
    if (tenant === undefined) await queue.drain().catch(warn);
    await this.refreshDepth();
    return removed;
  }

  /**
   * The stored whole-queue pause is the truth; BullMQ's pause flag follows it, so a pause or
   * resume through any replica (or a Redis that lost its data) is applied here within
   * DEPTH_REFRESH_MS. Redis is read before the store: a pause written meanwhile (store first,
   * then Redis) is then never undone here. Attempts check the store anyway, so a moment of
   * disagreement holds the work all the same.
   */
  private async refreshPaused(queue: BullmqTaskQueue): Promise<void> {
    try {
      const flagged = await queue.isPaused();
      const stored = await this.pauses.state(HANDIT_QUEUE);
      this.state.paused = stored.queue;
      if (stored.queue !== flagged) await (stored.queue ? queue.pause() : queue.resume());
    } catch {
      // Redis or the database unreachable: keep the last state; readiness reports the outage.
    }
  }

  private async refreshDepth(): Promise<void> {
    try {
      const counts = await this.repository.countQueuedByPriority();
      const depth = emptyDepth();
      for (const p of PRIORITIES) depth[p] = counts[p] ?? 0;
      this.sharedDepth = depth;
      this.metrics.setDepth(depth);
    } catch {
      // Database unreachable: keep the last figure; readiness reports the outage.
    }
  }

  private bullmq(): BullmqTaskQueue {
    if (!this.queue) throw new Error('DistributedFeed used in the embedded mode');
    return this.queue;
  }
}

function emptyDepth(): Record<Priority, number> {
  return Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
}
