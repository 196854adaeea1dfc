import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BaseCache,
  BaseConfig,
  BaseLogger,
  BasePerformance,
  BoundedSet,
  ComponentStatus,
  ConcurrencyBudget,
  ContributesStatus,
  HanditSettings,
  QueuePauseRepository,
  QueueScope,
  RingBuffer,
  StatusContributor,
  throttledErrorLog,
} from '@app/infrastructure';
import { ModelRegistry } from '../models/model-registry';
import type { ModelOutput } from '../models/specialist-model';
import { BullmqTaskQueue, JobOutcome } from '../queue/distributed/bullmq-task-queue';
import { TaskBus } from '../queue/distributed/task-bus';
import { TaskReconciler } from '../queue/distributed/task-reconciler';
import { HANDIT_QUEUE, QueueEntry, TaskQueue } from '../queue/task-queue';
import { TaskCancelledError, TaskExecutionError, TaskTimeoutError } from '../tasks/task-errors';
import { TaskRepository } from '../tasks/task.repository';
import { isFinal, PRIORITIES, Priority, Task, TaskError, TaskStatus } from '../tasks/task.types';

import { durableWrite } from './durable-write';
import { resultCacheKey } from './result-cache-key';
import { TaskEvents } from './task-events';
import { TaskMetrics } from './task-metrics';

export interface FinishedTaskSummary {
  id: string;
  type: string;
  modelId: string;
  status: TaskStatus;
  durationMs: number;
  finishedAt: string;
}

type StopReason = 'cancel' | 'timeout' | 'shutdown';

interface RunningTask {
  controller: AbortController;
  reason?: StopReason;
  done: Promise<void>;
}

const tracer = () => trace.getTracer('handit');

/** How long a cancel waits for another replica to stop the attempt before settling the row itself. */
const REMOTE_CANCEL_WAIT_MS = 5000;
/** How often every replica refreshes the shared queue depth (QUEUE_FULL, metrics) in distributed mode. */
const DEPTH_REFRESH_MS = 1000;

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
 * Distributed mode (PostgreSQL + Redis) swaps the feed, not the execution: BullMQ delivers task
 * ids to `handleJob` on worker replicas (ROLE worker or all) instead of the in-process queue and
 * pump; a reconciler re-adds jobs for queued rows that have none; cancels reach attempts running
 * on other replicas over Redis pub/sub. Api replicas (ROLE=api) only add jobs.
 *
 * Pauses (whole queue, or one tenant's work) are stored, and every attempt checks them once it
 * has a slot: a held task goes back to wait (embedded: aside in the in-process queue; distributed:
 * its job ends and the row stays queued, and the resume adds the job again), so it starts after
 * the resume, exactly once. ManagedTaskQueue exposes this to the scheduler's queue management.
 */
@Injectable()
@ContributesStatus('handit')
export class TaskRunner implements StatusContributor, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly settings: HanditSettings;
  private readonly role: 'api' | 'worker' | 'all';
  private readonly running = new Map<string, RunningTask>();
  private readonly inFlight = new Map<string, Promise<ModelOutput>>();
  private readonly recent: RingBuffer<FinishedTaskSummary>;
  private readonly completed: BoundedSet<string>;
  private readonly metrics: TaskMetrics;
  private readonly logger: BaseLogger;
  private readonly retentionTimer: NodeJS.Timeout;
  /** The whole queue is paused (stored; in distributed mode refreshed from the store every second). */
  private paused = false;
  private stopping = false;
  /** Distributed: retries decided during a delivery, applied to that job when it returns (≤ concurrency entries). */
  private readonly retries = new Map<string, Date>();
  private sharedDepth: Record<Priority, number> = emptyDepth();
  private depthTimer?: NodeJS.Timeout;
  private reconciler?: TaskReconciler;
  private readonly logWriteRetry: (err: Error) => void;
  private readonly logJobNotAdded: (err: Error) => void;

  constructor(
    config: BaseConfig,
    logger: BaseLogger,
    performance: BasePerformance,
    private readonly queue: TaskQueue,
    private readonly repository: TaskRepository,
    private readonly models: ModelRegistry,
    private readonly cache: BaseCache,
    private readonly events: TaskEvents,
    private readonly budget: ConcurrencyBudget,
    private readonly pauses: QueuePauseRepository,
    // Explicit tokens: a `| null` type emits Object as design metadata, which Nest cannot resolve.
    @Optional() @Inject(BullmqTaskQueue) private readonly distributed?: BullmqTaskQueue | null,
    @Optional() @Inject(TaskBus) private readonly bus?: TaskBus | null,
  ) {
    this.role = config.values.service.role;
    this.settings = config.values.aiComponents.handit;
    this.logger = logger.child({ component: 'handit' });
    this.recent = new RingBuffer(this.settings.historyMaxEntries);
    this.completed = new BoundedSet(this.settings.completedSetMaxEntries);
    this.metrics = new TaskMetrics(performance);
    this.logWriteRetry = throttledErrorLog(this.logger, 'handit-task-writes', {
      message: 'Database unreachable; retrying the task outcome write',
    });
    this.logJobNotAdded = throttledErrorLog(this.logger, 'handit-submit', {
      message: 'Job not added; the reconciler will add it',
    });
    this.queue.onReady(() => this.pump());
    this.retentionTimer = setInterval(() => void this.applyRetention(), 3_600_000).unref();
  }

  /**
   * Start-up recovery: queued tasks go back in the queue; tasks a crash left running are retried.
   * The stored pauses are applied first, so work paused before the restart stays held.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.distributed) return this.startDistributed(this.distributed);
    const pauses = await this.pauses.state(HANDIT_QUEUE);
    this.paused = pauses.queue;
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
    await this.applyRetention();
    this.pump();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.retentionTimer);
    clearInterval(this.depthTimer);
    this.reconciler?.stop();
    // Running attempts are abandoned, not failed: their rows stay `running` and the next start
    // retries them, which is what a crash does too.
    for (const run of this.running.values()) {
      run.reason = 'shutdown';
      run.controller.abort(new Error('shutdown'));
    }
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    // After the attempts: the worker hands their jobs back (delayed) before it disconnects.
    await this.distributed?.close();
    await this.bus?.close();
    this.queue.close();
  }

  /**
   * Accepts a task whose row is already in the database. Distributed: adds its job; if Redis
   * refuses, the row is still queued and the reconciler adds the job later (outbox), so the
   * caller's 202 stays true.
   */
  async submit(task: Task): Promise<void> {
    if (this.distributed) {
      // While Redis is down this fails for every task: one line per 10 s, not one per request.
      await this.distributed.add(task).catch(this.logJobNotAdded);
      this.sharedDepth[task.priority]++;
      return;
    }
    this.enqueue(task);
    this.pump();
  }

  get depth(): number {
    return this.distributed ? sumDepth(this.sharedDepth) : this.queue.size;
  }

  /**
   * Cancels a task: queued → removed and cancelled at once; running → its attempt is aborted and
   * the row becomes cancelled when the attempt has stopped. Returns false if it was already final.
   */
  async cancel(task: Task): Promise<boolean> {
    if (task.status === 'queued') {
      if (this.distributed) {
        // Saves a delivery; a job already taken finds its row cancelled and does nothing.
        await this.distributed.remove(task.id).catch(() => undefined);
      } else {
        this.queue.remove(task.id);
        this.metrics.setDepth(this.queue.depthByPriority());
      }
      const done = await this.repository.finish(task.id, { status: 'cancelled', at: new Date() }, ['queued']);
      if (done) {
        this.events.changed(task, 'cancelled');
        this.record(task, 'cancelled', 0);
        return true;
      }
      // It started meanwhile: fall through to cancelling the running attempt.
    }
    const run = this.running.get(task.id);
    if (run) {
      run.reason = 'cancel';
      run.controller.abort(new TaskCancelledError());
      await run.done;
      return true;
    }
    if (this.distributed) return this.cancelElsewhere(task);
    return false;
  }

  /**
   * The attempt runs on another replica (or its owner died): ask over pub/sub, wait for the row
   * to become final, and if the owner stays silent settle the row here. The conditional finish
   * means whichever of the two writes second changes nothing.
   */
  private async cancelElsewhere(task: Task): Promise<boolean> {
    const queued = (this.distributed as BullmqTaskQueue).remove(task.id).catch(() => undefined);
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
    this.record(task, 'cancelled', 0);
    return true;
  }

  recentHistory(): FinishedTaskSummary[] {
    return this.recent.toArray();
  }

  // ── pauses and drains (ManagedTaskQueue) ─────────────────────────────────────
  /** Applies a stored pause or resume of `scope` here; the store is written already. */
  async applyPause(scope: QueueScope, paused: boolean): Promise<void> {
    if (this.distributed) return this.applyPauseDistributed(this.distributed, scope, paused);
    if (scope.kind === 'queue') this.paused = paused;
    else if (paused) this.queue.hold(scope.tenant);
    else this.queue.release(scope.tenant);
    this.metrics.setDepth(this.queue.depthByPriority());
    this.pump();
  }

  /**
   * Distributed: a whole-queue pause also pauses the BullMQ queue (no worker takes a job); a
   * resume adds the jobs that deliveries set aside while the work was held.
   */
  private async applyPauseDistributed(queue: BullmqTaskQueue, scope: QueueScope, paused: boolean): Promise<void> {
    // Redis down: BullMQ's flag follows the store once it is back (refreshPaused), and the
    // reconciler adds the missing jobs of queued rows; the stored pause holds meanwhile.
    const warn = (what: string) => (err: Error) => this.logger.warn({ err: { message: err.message } }, what);
    if (scope.kind === 'queue') {
      this.paused = paused;
      await (paused ? queue.pause() : queue.resume()).catch(warn('BullMQ pause flag unchanged; it follows the store'));
    }
    if (paused) return;
    const stored = await this.pauses.state(HANDIT_QUEUE);
    const filter = scope.kind === 'tenant' ? { tenant: scope.tenant } : { excludeTenants: [...stored.tenants] };
    await this.reconciler?.requeue(filter).catch(warn('Jobs not re-added after a resume; the reconciler adds them'));
  }

  /** Cancels the waiting tasks of one tenant, or of every tenant (DRAINED); returns how many. */
  async drain(tenant?: string): Promise<number> {
    if (this.distributed) return this.drainDistributed(this.distributed, tenant);
    const ids = this.queue.clear(tenant);
    this.metrics.setDepth(this.queue.depthByPriority());
    let removed = 0;
    for (const id of ids) if (await this.cancelDrained(id)) removed++;
    return removed;
  }

  /** Every queued row in scope becomes cancelled (DRAINED); its job goes too (a stale one finds its row final). */
  private async drainDistributed(queue: BullmqTaskQueue, tenant?: string): Promise<number> {
    const warn = (err: Error) => this.logger.warn({ err: { message: err.message } }, 'BullMQ drain failed; rows go');
    if (tenant === undefined) await queue.drain().catch(warn);
    let removed = 0;
    let after: { createdAt: Date; id: string } | undefined;
    for (let page = 0; page < 1000; page++) {
      const rows = await this.repository.oldestQueued(1000, after, { tenant });
      if (!rows.length) break;
      if (tenant !== undefined) await Promise.all(rows.map((r) => queue.remove(r.id).catch(() => undefined)));
      for (const row of rows) if (await this.cancelDrained(row.id)) removed++;
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
    await this.refreshDepth();
    return removed;
  }

  private async cancelDrained(id: string): Promise<boolean> {
    const error = { code: 'DRAINED', message: 'Removed by a queue drain' };
    const task = await this.repository.findById(id);
    if (!task) return false;
    if (!(await this.repository.finish(id, { status: 'cancelled', error, at: new Date() }, ['queued']))) return false;
    this.events.changed(task, 'cancelled', error);
    this.record(task, 'cancelled', 0);
    return true;
  }

  // ── StatusContributor ───────────────────────────────────────────────────────
  componentStatus(): ComponentStatus {
    const models = this.models.list();
    return {
      state: this.paused ? 'degraded' : 'up',
      details: {
        queue: this.distributed ? 'bullmq' : 'in-process',
        role: this.distributed ? this.role : 'all',
        executes: this.distributed ? this.distributed.executes : true,
        queued: this.depth,
        running: this.running.size,
        paused: this.paused,
        concurrency: this.settings.concurrency,
        models: models.length,
        modelsAvailable: models.filter((m) => m.status === 'available').length,
        cache: this.cache.stats(),
      },
    };
  }

  // ── execution ───────────────────────────────────────────────────────────────
  private enqueue(task: Task): void {
    if (this.distributed) {
      // Inside a delivery (retry, or no concurrency slot): handleJob delays this very job.
      this.retries.set(task.id, task.availableAt);
      return;
    }
    this.queue.enqueue(entryOf(task));
    this.metrics.setDepth(this.queue.depthByPriority());
  }

  private pump(): void {
    while (!this.paused && !this.stopping && this.running.size < this.settings.concurrency) {
      const entry = this.queue.dequeue();
      if (!entry) break;
      this.metrics.setDepth(this.queue.depthByPriority());
      if (this.completed.has(entry.id)) continue;
      const controller = new AbortController();
      const run: RunningTask = { controller, done: Promise.resolve() };
      this.running.set(entry.id, run);
      run.done = this.attempt(entry, run)
        // Its outcome could not be written (nothing else throws here): the row stays running and
        // the next start retries it. Caught, so it is never an unhandled rejection.
        .catch((err: Error) => this.logger.error({ err, taskId: entry.id }, 'Task outcome not written'))
        .finally(() => {
          this.running.delete(entry.id);
          this.pump();
        });
    }
  }

  // ── distributed feed ────────────────────────────────────────────────────────
  private async startDistributed(queue: BullmqTaskQueue): Promise<void> {
    await this.refreshDepth();
    this.depthTimer = setInterval(
      () => void Promise.all([this.refreshDepth(), this.refreshPaused(queue)]),
      DEPTH_REFRESH_MS,
    );
    this.depthTimer.unref();
    await this.refreshPaused(queue);
    // Every replica may re-add jobs after a resume; only workers run the periodic passes.
    const runsHere = (taskId: string) => this.running.has(taskId);
    this.reconciler = new TaskReconciler(this.repository, queue, this.settings, this.logger, runsHere, this.pauses);
    if (this.role === 'api') return;
    this.bus?.onCancel((taskId) => {
      const run = this.running.get(taskId);
      if (!run || run.reason) return;
      run.reason = 'cancel';
      run.controller.abort(new TaskCancelledError());
    });
    queue.startWorker((taskId, priority) => this.handleJob(taskId, priority));
    this.reconciler.start();
    await this.applyRetention();
  }

  /**
   * One BullMQ delivery of a task. The row decides: final → nothing to do; queued but backing
   * off → the job waits until then; running → its owner died (the job stalled and came back), so
   * this replica takes the task over as a new counted attempt, or fails it when none is left.
   */
  async handleJob(taskId: string, priority: Priority): Promise<JobOutcome> {
    if (this.stopping) return { retryAt: new Date() };
    if (this.running.has(taskId)) return {};
    const task = await this.repository.findById(taskId);
    if (!task || isFinal(task.status)) return {};
    if (task.status === 'queued' && task.availableAt.getTime() > Date.now() + 20) return { retryAt: task.availableAt };
    if (task.status === 'running') {
      if (task.attempts >= task.options.maxAttempts) {
        const error = { code: 'INTERRUPTED', message: 'The replica running the last allowed attempt stopped' };
        if (await this.repository.finish(task.id, { status: 'failed', error, at: new Date() })) {
          this.events.changed(task, 'failed', error);
          this.record(task, 'failed', 0);
        }
        return {};
      }
      if (!(await this.repository.resetRunning(task.id, task.attempts))) return {};
      this.logger.warn({ taskId, attempts: task.attempts }, 'Taking over a task whose replica stopped');
    }
    const controller = new AbortController();
    const run: RunningTask = { controller, done: Promise.resolve() };
    this.running.set(taskId, run);
    run.done = this.attempt({ ...entryOf(task), priority }, run).finally(() => this.running.delete(taskId));
    await run.done;
    if (run.reason === 'shutdown' || this.stopping) {
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
      this.paused = stored.queue;
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

  /**
   * One attempt, inside a slot of the service-wide concurrency budget (shared with scheduled
   * work, with slots reserved for critical and high tasks; see ConcurrencyBudget). A task whose
   * work is paused by now goes back to wait instead.
   */
  private async attempt(entry: QueueEntry, run: RunningTask): Promise<void> {
    let release: (() => void) | undefined;
    try {
      release = await this.budget.acquire(HANDIT_QUEUE, { priority: entry.priority, signal: run.controller.signal });
    } catch (err) {
      // Shutting down (the row stays queued for the next start) or too many waiters: try later.
      if (!this.stopping && !run.controller.signal.aborted) {
        this.logger.warn({ err, taskId: entry.id }, 'No concurrency slot; task goes back in the queue');
        const task = await this.repository.findById(entry.id);
        if (task?.status === 'queued') this.enqueue({ ...task, availableAt: new Date(Date.now() + 1000) });
      }
      return;
    }
    try {
      if (await this.held(entry.tenant)) {
        this.setAside(entry);
        return;
      }
      await this.runAttempt(entry.id, run);
    } finally {
      release();
    }
  }

  /** Whether a tenant's work may not start now. Distributed: the store, since any replica may have paused it. */
  private async held(tenant: string): Promise<boolean> {
    if (!this.distributed) return this.paused || this.queue.holds(tenant);
    // Unreadable store: markRunning cannot write either, so the task is not started anyway.
    return this.pauses.holds(HANDIT_QUEUE, tenant).catch(() => false);
  }

  /**
   * A held task waits: embedded, back in the queue (aside, for a held tenant); distributed, its
   * job simply ends (no retry recorded), the row stays queued, and a resume adds the job again.
   */
  private setAside(entry: QueueEntry): void {
    if (this.distributed) return;
    this.queue.enqueue(entry);
    this.metrics.setDepth(this.queue.depthByPriority());
  }

  private async runAttempt(id: string, run: RunningTask): Promise<void> {
    const startedAt = new Date();
    const task = await this.repository.markRunning(id, startedAt).catch((err: Error) => {
      this.logger.error({ err, taskId: id }, 'Could not mark task running');
      return undefined;
    });
    if (!task) return;
    this.events.changed(task, 'running');

    const parent = task.traceParent
      ? propagation.extract(ROOT_CONTEXT, { traceparent: task.traceParent })
      : ROOT_CONTEXT;
    tracer()
      .startSpan(
        'handit.task.queue_wait',
        // tenant.id: the task's tenant owns these spans (the trace store files them under it).
        {
          startTime: task.availableAt,
          attributes: { 'task.id': task.id, 'task.priority': task.priority, 'tenant.id': task.tenant },
        },
        parent,
      )
      .end(startedAt);

    await tracer().startActiveSpan(
      'handit.task.execute',
      {
        attributes: {
          'task.id': task.id,
          'tenant.id': task.tenant,
          'task.type': task.type,
          'task.attempt': task.attempts,
          // OpenTelemetry GenAI conventions: what ran, on which model, from which provider.
          'gen_ai.operation.name': task.type,
          'gen_ai.request.model': task.modelId,
          'gen_ai.system': this.models.find(task.modelId)?.describe().provider === 'llm' ? 'openai' : 'quant',
        },
      },
      parent,
      async (span) => {
        const timeout = setTimeout(() => {
          run.reason = 'timeout';
          run.controller.abort(new TaskTimeoutError(task.options.timeoutMs));
        }, task.options.timeoutMs);
        try {
          let executed: { output: ModelOutput; cacheHit: boolean };
          try {
            executed = await this.execute(task, run.controller.signal);
          } catch (err) {
            clearTimeout(timeout);
            span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
            await this.handleFailure(task, startedAt, run, err);
            return;
          }
          clearTimeout(timeout);
          const { output, cacheHit } = executed;
          span.setAttribute('task.cache_hit', cacheHit);
          if (output.usage)
            span.setAttributes({
              'gen_ai.usage.input_tokens': output.usage.inputTokens,
              'gen_ai.usage.output_tokens': output.usage.outputTokens,
            });
          // Outside the failure path: a database that drops the write is retried, the work is not redone.
          await this.settle(task, startedAt, 'succeeded', {
            result: output.result,
            usage: output.usage ?? null,
            cacheHit,
          });
        } finally {
          clearTimeout(timeout);
          span.end();
        }
      },
    );
  }

  /** Model call behind the result cache; identical work already running is shared, not repeated. */
  private async execute(task: Task, signal: AbortSignal): Promise<{ output: ModelOutput; cacheHit: boolean }> {
    const model = this.models.get(task.modelId);
    const invoke = () => model.execute({ taskId: task.id, type: task.type, input: task.input, signal });
    if (!task.options.cache) return { output: await invoke(), cacheHit: false };

    const key = resultCacheKey(task.modelId, task.modelVersion, task.type, task.input);
    const cached = await this.cache.get<ModelOutput>(key);
    if (cached !== undefined) {
      this.metrics.cache.inc({ result: 'hit' });
      return { output: cached, cacheHit: true };
    }
    const shared = this.inFlight.get(key);
    if (shared) {
      this.metrics.cache.inc({ result: 'coalesced' });
      return { output: await abortable(shared, signal), cacheHit: true };
    }
    this.metrics.cache.inc({ result: 'miss' });
    const execution = invoke();
    this.inFlight.set(key, execution);
    try {
      const output = await execution;
      await this.cache.set(key, output);
      return { output, cacheHit: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async handleFailure(task: Task, startedAt: Date, run: RunningTask, err: unknown): Promise<void> {
    if (run.reason === 'shutdown' || this.stopping) return;
    if (run.reason === 'cancel') {
      await this.settle(task, startedAt, 'cancelled', {
        error: { code: 'CANCELLED', message: 'Cancelled while running' },
      });
      return;
    }
    if (run.reason === 'timeout') {
      await this.settle(task, startedAt, 'timed_out', {
        error: { code: 'TIMEOUT', message: `Attempt exceeded ${task.options.timeoutMs} ms` },
      });
      return;
    }
    const error = toTaskError(err);
    if (error.retryable && task.attempts < task.options.maxAttempts) {
      const delay = backoffDelay(task.attempts, this.settings.retryBaseDelayMs, this.settings.retryMaxDelayMs);
      const availableAt = new Date(Date.now() + delay);
      if (await this.durably(() => this.repository.requeue(task.id, availableAt, error))) {
        this.logger.warn(
          { taskId: task.id, attempt: task.attempts, delayMs: delay, code: error.code },
          'Task attempt failed; retrying',
        );
        this.metrics.tasks.inc({ type: task.type, model: task.modelId, status: 'retried' });
        this.events.changed(task, 'queued', error);
        this.enqueue({ ...task, status: 'queued', availableAt });
      }
      return;
    }
    if (!(err instanceof TaskExecutionError))
      this.logger.error({ err, taskId: task.id }, 'Task failed with an unexpected error');
    await this.settle(task, startedAt, 'failed', { error });
  }

  private async settle(
    task: Task,
    startedAt: Date,
    status: TaskStatus,
    fields: { result?: unknown; error?: TaskError; usage?: Task['usage']; cacheHit?: boolean },
  ): Promise<void> {
    const finishedAt = new Date();
    let retried = false;
    const written = await this.durably(
      async () => {
        if (await this.repository.finish(task.id, { status, ...fields, at: finishedAt })) return true;
        // After a dropped connection the earlier write may have landed with its answer lost: ours if it has our time.
        const row = retried ? await this.repository.findById(task.id) : undefined;
        return row?.status === status && row.finishedAt?.getTime() === finishedAt.getTime();
      },
      () => (retried = true),
    );
    if (!written) return;
    const seconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
    this.metrics.tasks.inc({ type: task.type, model: task.modelId, status });
    this.metrics.duration.observe({ type: task.type, model: task.modelId, status }, seconds);
    this.events.changed(task, status, fields.error ?? null);
    this.record(task, status, seconds * 1000);
  }

  /** A row write retried while the database is unreachable (see durableWrite), logged once per interval. */
  private durably<T>(write: () => Promise<T>, onRetry?: () => void): Promise<T> {
    return durableWrite(write, {
      stopped: () => this.stopping,
      onRetry: (err) => {
        onRetry?.();
        this.logWriteRetry(err as Error);
      },
    });
  }

  private record(task: Task, status: TaskStatus, durationMs: number): void {
    this.completed.add(task.id);
    this.recent.push({
      id: task.id,
      type: task.type,
      modelId: task.modelId,
      status,
      durationMs,
      finishedAt: new Date().toISOString(),
    });
  }

  private async applyRetention(): Promise<void> {
    const cutoff = new Date(Date.now() - this.settings.retentionDays * 86_400_000);
    try {
      const removed = await this.repository.deleteFinishedBefore(cutoff);
      if (removed) this.logger.log({ removed, cutoff: cutoff.toISOString() }, 'Removed finished tasks past retention');
    } catch (err) {
      this.logger.warn({ err }, 'Task retention sweep failed');
    }
  }
}

function entryOf(task: Task): QueueEntry {
  const { id, tenant, priority } = task;
  return { id, tenant, priority, enqueuedAt: task.createdAt.getTime(), availableAt: task.availableAt.getTime() };
}

function emptyDepth(): Record<Priority, number> {
  return Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
}

function sumDepth(depth: Record<Priority, number>): number {
  return PRIORITIES.reduce((n, p) => n + depth[p], 0);
}

/** Full-jitter exponential backoff: uniform in [0, min(max, base × 2^(attempt−1))]. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * random());
}

function toTaskError(err: unknown): TaskError & { retryable: boolean } {
  if (err instanceof TaskExecutionError)
    return {
      code: err.code,
      message: err.message,
      retryable: err.retryable,
      ...(err.details ? { details: err.details } : {}),
    };
  // A crashed worker thread or any unexpected failure: worth another attempt, message kept generic.
  return { code: 'EXECUTION_ERROR', message: 'The model failed unexpectedly', retryable: true };
}

/** Waits for a shared execution, but lets this task's own cancel or timeout stop the wait. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
