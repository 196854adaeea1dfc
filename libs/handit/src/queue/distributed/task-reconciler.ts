import {
  throttledErrorLog,
  type BaseLogger,
  type HanditSettings,
  type QueuePauseRepository,
} from '@app/infrastructure';
import type { QueuedFilter, TaskQueueRepository } from '../../persistence/task-queue.repository';
import { HANDIT_QUEUE, type QueuedRef } from '../task-queue';
import { BullmqTaskQueue } from './bullmq-task-queue';
import { agedBullPriority, bullPriorityOf } from './priority-mapping';

const PAGE = 1000;
/** Bounds one pass: 20 pages of queued rows, 200 stale running rows, 100 priority changes. */
const MAX_PAGES = 20;
const MAX_STALE = 200;
const MAX_AGING_CHANGES = 100;
const MAX_REMEMBERED = 10_000;

/**
 * The outbox side of the distributed queue, run by worker replicas every `reconcileIntervalMs`:
 *
 * 1. Every queued row must have a job. A replica that died between writing the row and adding
 *    the job, a Redis restart that lost its data, or a job BullMQ gave up on: the row is queued,
 *    the job is missing, and it is added again (job id = task id, so replicas racing here add it
 *    once). Rows of tenants whose work is paused are left out: their jobs were set aside on
 *    delivery, and the resume (or the first pass after it) adds them again.
 * 2. A row `running` for longer than its timeout plus two lock durations, not running here and
 *    with no job, lost its owner and its job together (e.g. Redis lost data while the owner
 *    died): a job is added and the next worker takes the task over (a counted attempt).
 * 3. Aging: a waiting job rises one BullMQ priority per `agingIntervalMs` it has waited (as the
 *    in-process queue ranks entries). BullMQ keeps FIFO order within a priority, so a raised job
 *    joins the back of its new level and competes after work already waiting there; the raise
 *    happens at the reconciler's pace, not continuously.
 */
export class TaskReconciler {
  private timer?: NodeJS.Timeout;
  private busy = false;
  /** Priority already given to a waiting job, so aging does not re-read it every pass. */
  private readonly raised = new Map<string, number>();
  private readonly logError: (err: Error) => void;
  /** Waiting rows old enough to age, collected by the outbox walk of the current pass (bounded). */
  private waitingForAging: QueuedRef[] = [];

  constructor(
    private readonly repository: TaskQueueRepository,
    private readonly queue: BullmqTaskQueue,
    private readonly settings: HanditSettings,
    private readonly logger: BaseLogger,
    private readonly runsHere: (taskId: string) => boolean,
    private readonly pauses: QueuePauseRepository,
  ) {
    this.logError = throttledErrorLog(logger, 'handit-reconciler', { message: 'Task reconciler pass failed' });
  }

  start(): void {
    this.timer = setInterval(() => void this.pass(), this.settings.reconcileIntervalMs);
    this.timer.unref();
    void this.pass();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass; overlapping calls are skipped. Returns how many jobs it added. */
  async pass(now = Date.now()): Promise<{ added: number; adopted: number; aged: number }> {
    if (this.busy) return { added: 0, adopted: 0, aged: 0 };
    this.busy = true;
    try {
      const added = await this.addMissing(now);
      const adopted = await this.adoptStale(now);
      const aged = await this.age(now);
      if (added || adopted) this.logger.log({ added, adopted }, 'Reconciler added jobs for rows that had none');
      return { added, adopted, aged };
    } catch (err) {
      this.logError(err as Error);
      return { added: 0, adopted: 0, aged: 0 };
    } finally {
      this.busy = false;
    }
  }

  /**
   * Adds the missing jobs of queued rows: of one tenant (its resume), or of every tenant (the
   * whole queue's resume). Returns how many it added.
   */
  async requeue(filter: QueuedFilter): Promise<number> {
    return this.walk(filter);
  }

  private async addMissing(now: number): Promise<number> {
    this.waitingForAging = [];
    const paused = await this.pauses.state(HANDIT_QUEUE);
    return this.walk({ excludeTenants: [...paused.tenants] }, (row) => {
      const old = now - row.createdAt.getTime() >= this.settings.agingIntervalMs;
      const room = this.waitingForAging.length < MAX_AGING_CHANGES * 10;
      if (old && room && row.priority !== 'critical') this.waitingForAging.push(row);
    });
  }

  /** Pages through queued rows oldest first, adding the jobs that are missing; `waiting` sees each row that has one. */
  private async walk(filter: QueuedFilter, waiting?: (row: QueuedRef) => void): Promise<number> {
    let added = 0;
    let after: { createdAt: Date; id: string } | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await this.repository.oldestQueued(PAGE, after, filter);
      if (!rows.length) break;
      const have = await this.queue.existing(rows.map((r) => r.id));
      const missing = rows.filter((r) => !have.has(r.id));
      await this.queue.addBulk(missing);
      added += missing.length;
      if (waiting) for (const row of rows) if (have.has(row.id)) waiting(row);
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
    return added;
  }

  private async adoptStale(now: number): Promise<number> {
    const lock = this.settings.lockDurationMs;
    const rows = await this.repository.runningSince(new Date(now - 2 * lock), MAX_STALE);
    const stale = rows.filter((r) => !this.runsHere(r.id) && r.startedAt.getTime() + r.timeoutMs + 2 * lock < now);
    const have = await this.queue.existing(stale.map((r) => r.id));
    const orphans = stale.filter((r) => !have.has(r.id)).map((r) => ({ ...r, availableAt: new Date(now) }));
    await this.queue.addBulk(orphans);
    return orphans.length;
  }

  private async age(now: number): Promise<number> {
    let changes = 0;
    if (this.raised.size > MAX_REMEMBERED) this.raised.clear();
    for (const row of this.waitingForAging) {
      if (changes >= MAX_AGING_CHANGES) break;
      const target = agedBullPriority(row.priority, now - row.createdAt.getTime(), this.settings.agingIntervalMs);
      if (target >= (this.raised.get(row.id) ?? bullPriorityOf(row.priority))) continue;
      this.raised.set(row.id, target);
      if (await this.queue.raisePriority(row.id, target)) changes++;
    }
    return changes;
  }
}
