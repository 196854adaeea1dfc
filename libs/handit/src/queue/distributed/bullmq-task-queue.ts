import { DelayedError, Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { throttledErrorLog, type BaseLogger } from '@app/infrastructure';
import type { Priority } from '../../tasks/task.types';
import { bullPriorityOf } from './priority-mapping';

export const TASK_QUEUE_NAME = 'handit-tasks';

export interface TaskJobData {
  priority: Priority;
}

/** What the runner did with one delivery: `retryAt` puts the same job back, delayed. */
export interface JobOutcome {
  retryAt?: Date;
}

export type TaskJobHandler = (taskId: string, priority: Priority) => Promise<JobOutcome>;

export interface BullmqTaskQueueOptions {
  url: string;
  prefix: string;
  concurrency: number;
  lockDurationMs: number;
  logger: BaseLogger;
}

/** Attempts of one delivery that failed outside the task (database down): BullMQ retries them. */
const DELIVERY_ATTEMPTS = 8;
/** Longest a request waits on Redis to add a job before leaving it to the reconciler. */
const ADD_TIMEOUT_MS = 2000;

/**
 * Handit's queue on BullMQ, for the distributed mode. A job only says "task <id> should run";
 * the row in the database stays the source of truth (status, attempts, retries), so a job
 * delivered twice, or a job for a task already cancelled, is harmless: the runner's conditional
 * row transitions decide. Job id = task id, so adding a job twice adds it once.
 *
 * - priorities: the five levels are BullMQ priorities 1..5 (see priority-mapping.ts);
 * - retries: the runner's own backoff moves the same job to delayed (`retryAt`);
 * - a dead worker: its lock expires after `lockDurationMs` and BullMQ's stalled checker (run
 *   by every worker) moves the job back to wait for another replica;
 * - jobs are removed when they complete or finally fail, so their ids can be added again.
 */
export class BullmqTaskQueue {
  private readonly queue: Queue<TaskJobData>;
  private readonly commands: Redis;
  private worker?: Worker<TaskJobData>;
  private readonly logger: BaseLogger;

  constructor(private readonly options: BullmqTaskQueueOptions) {
    this.logger = options.logger;
    this.queue = new Queue<TaskJobData>(TASK_QUEUE_NAME, {
      connection: { url: options.url, connectionName: 'handit-queue' },
      prefix: options.prefix,
      defaultJobOptions: {
        removeOnComplete: true,
        removeOnFail: true,
        attempts: DELIVERY_ATTEMPTS,
        backoff: { type: 'exponential', delay: 500 },
      },
    });
    this.queue.on('error', throttledErrorLog(this.logger, 'handit-queue'));
    this.commands = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: 'handit-queue-commands',
    });
    this.commands.on('error', throttledErrorLog(this.logger, 'handit-queue-commands'));
  }

  /** Starts this replica's worker: `concurrency` jobs at once, each handed to `handler`. */
  startWorker(handler: TaskJobHandler): void {
    this.worker = new Worker<TaskJobData>(
      TASK_QUEUE_NAME,
      async (job: Job<TaskJobData>, token?: string) => {
        const outcome = await handler(job.id as string, job.data.priority);
        if (outcome.retryAt) {
          // Same job, later: its id stays the task id, so the reconciler sees it exists.
          await job.moveToDelayed(outcome.retryAt.getTime(), token);
          throw new DelayedError();
        }
      },
      {
        connection: { url: this.options.url, maxRetriesPerRequest: null, connectionName: 'handit-worker' },
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
        lockDuration: this.options.lockDurationMs,
        stalledInterval: Math.max(1000, Math.floor(this.options.lockDurationMs / 2)),
        // A stall is a crash of the worker, not of the task; the row counts the task's attempts.
        maxStalledCount: 1000,
      },
    );
    this.worker.on('error', throttledErrorLog(this.logger, 'handit-worker'));
    this.worker.on('failed', (job, err) => {
      if (job && job.attemptsMade < DELIVERY_ATTEMPTS) return;
      this.logger.warn(
        { taskId: job?.id, err: { message: err.message } },
        'Task job gave up; the reconciler re-adds it while the row is queued',
      );
    });
  }

  get executes(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Adds the job for a task whose row is written; a no-op when one exists already. Fails fast
   * while Redis is down (BullMQ itself would wait for the reconnect): the row is saved, and the
   * reconciler adds the job once Redis is back (outbox), so a request never hangs on Redis.
   */
  async add(ref: { id: string; priority: Priority; availableAt: Date }): Promise<void> {
    if (this.commands.status !== 'ready') throw new Error(`Redis connection is ${this.commands.status}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(new Error('Adding the job timed out')), ADD_TIMEOUT_MS)),
    );
    try {
      await Promise.race([this.queue.add('task', { priority: ref.priority }, this.jobOptions(ref)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async addBulk(refs: { id: string; priority: Priority; availableAt: Date }[]): Promise<void> {
    if (!refs.length) return;
    await this.queue.addBulk(
      refs.map((ref) => ({ name: 'task', data: { priority: ref.priority }, opts: this.jobOptions(ref) })),
    );
  }

  /** Removes a waiting or delayed job; an active (locked) one stays and finds its row cancelled. */
  async remove(taskId: string): Promise<void> {
    if (this.commands.status !== 'ready') return;
    await this.queue.remove(taskId);
  }

  /** Which of these task ids have a job in Redis (one round trip). */
  async existing(taskIds: string[]): Promise<Set<string>> {
    if (!taskIds.length) return new Set();
    const pipeline = this.commands.pipeline();
    for (const id of taskIds) pipeline.exists(this.jobKey(id));
    const results = (await pipeline.exec()) ?? [];
    const found = new Set<string>();
    results.forEach(([err, value], i) => {
      if (err) throw err;
      if (value === 1) found.add(taskIds[i]);
    });
    return found;
  }

  /** Raises a waiting job's priority (aging); true when it changed. */
  async raisePriority(taskId: string, priority: number): Promise<boolean> {
    const job = await this.queue.getJob(taskId);
    if (!job || (job.opts.priority ?? 0) <= priority) return false;
    if ((await job.getState()) !== 'prioritized') return false;
    await job.changePriority({ priority });
    return true;
  }

  pause(): Promise<void> {
    return this.queue.pause();
  }

  resume(): Promise<void> {
    return this.queue.resume();
  }

  /**
   * Whether the queue is paused, by any replica (BullMQ's `paused` flag in the queue's meta
   * hash). Fails fast while Redis is down, so a caller polling it never piles up waits.
   */
  async isPaused(): Promise<boolean> {
    if (this.commands.status !== 'ready') throw new Error(`Redis connection is ${this.commands.status}`);
    return (await this.commands.hexists(`${this.options.prefix}:${TASK_QUEUE_NAME}:meta`, 'paused')) === 1;
  }

  /** Removes every waiting and delayed job (active ones finish). */
  drain(): Promise<void> {
    return this.queue.drain(true);
  }

  async ping(): Promise<void> {
    await this.commands.ping();
  }

  /** Stops taking jobs and waits for the active ones (the runner has aborted them), then disconnects. */
  async close(): Promise<void> {
    await this.worker?.close().catch((err: Error) => this.logger.warn({ err }, 'BullMQ worker close failed'));
    await Promise.allSettled([this.queue.close(), this.commands.quit()]);
  }

  private jobKey(taskId: string): string {
    return `${this.options.prefix}:${TASK_QUEUE_NAME}:${taskId}`;
  }

  private jobOptions(ref: { id: string; priority: Priority; availableAt: Date }) {
    return {
      jobId: ref.id,
      priority: bullPriorityOf(ref.priority),
      delay: Math.max(0, ref.availableAt.getTime() - Date.now()),
    };
  }
}
