import { Injectable, Optional } from '@nestjs/common';
import { BaseConfig } from '../../base/base-config';
import { AppError } from '../errors/app-error';

export interface BudgetOptions {
  /** Slots across every queue. */
  total: number;
  /** Slots background work may never take, kept for interactive work. Must be < total. */
  interactiveReserved: number;
  /** Waiting acquirers before acquire() rejects with QUEUE_FULL. */
  maxWaiters: number;
}

export interface AcquireOptions {
  /** Someone is waiting for the answer (an API task); wins over `priority`. */
  interactive?: boolean;
  /** Queue priority name: `critical` and `high` count as interactive. */
  priority?: string;
  /** Gives up waiting (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

export type ReleaseSlot = () => void;

export interface BudgetStats {
  total: number;
  interactiveReserved: number;
  inUse: number;
  interactiveInUse: number;
  backgroundInUse: number;
  waitingInteractive: number;
  waitingBackground: number;
  byQueue: Record<string, { running: number; waiting: number }>;
}

interface Waiter {
  queue: string;
  interactive: boolean;
  grant: (release: ReleaseSlot) => void;
  reject: (reason: unknown) => void;
  cleanup: () => void;
}

const INTERACTIVE_PRIORITIES = new Set(['critical', 'high']);

/**
 * The global concurrency budget shared by every queue (Handit's task queue, the scheduler's runs).
 *
 * Fairness policy:
 *  1. `total` slots exist. Background work (scheduled runs, low/normal/background tasks) may hold
 *     at most `total - interactiveReserved`; the reserved slots serve only interactive work
 *     (critical/high priority, or `interactive: true`). Interactive work may use any free slot.
 *  2. When a slot frees, waiting interactive acquirers are served first, in arrival order.
 *  3. Background waiters are served round-robin between queues (FIFO within a queue), so one
 *     queue's flood cannot starve another queue's background work either.
 *
 * Consequence (the bound the tests measure): while fewer than `interactiveReserved` interactive
 * items are running, an interactive acquire is granted at once, however much background work is
 * running or waiting. Beyond that, interactive waiters still overtake every background waiter.
 */
@Injectable()
export class ConcurrencyBudget {
  readonly options: BudgetOptions;
  private interactiveInUse = 0;
  private backgroundInUse = 0;
  private readonly interactiveWaiters: Waiter[] = [];
  /** Background waiters per queue; a queue is removed when it has none, so the map stays bounded. */
  private readonly backgroundWaiters = new Map<string, Waiter[]>();
  private readonly runningByQueue = new Map<string, number>();
  private rotation: string[] = [];

  constructor(@Optional() config?: BaseConfig) {
    const fromConfig = config?.values.scheduler?.budget;
    this.options = ConcurrencyBudget.check(fromConfig ?? { total: 8, interactiveReserved: 2, maxWaiters: 10_000 });
  }

  /** A budget with explicit options (unit tests, benches). */
  static create(options: BudgetOptions): ConcurrencyBudget {
    const budget = new ConcurrencyBudget();
    (budget as { options: BudgetOptions }).options = ConcurrencyBudget.check(options);
    return budget;
  }

  private static check(options: BudgetOptions): BudgetOptions {
    if (options.total < 1) throw new Error('concurrency budget: total must be at least 1');
    if (options.interactiveReserved >= options.total) {
      throw new Error(
        `concurrency budget: interactiveReserved (${options.interactiveReserved}) ` +
          `must be below total (${options.total}), or background work could never run`,
      );
    }
    return { ...options };
  }

  /** Waits for a slot; call the returned function exactly once when the work ends (extra calls are ignored). */
  acquire(queue: string, options: AcquireOptions = {}): Promise<ReleaseSlot> {
    const interactive = options.interactive ?? INTERACTIVE_PRIORITIES.has(options.priority ?? '');
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    if (this.canGrant(interactive) && !this.hasWaitersAhead(interactive))
      return Promise.resolve(this.take(queue, interactive));
    if (this.waitingCount() >= this.options.maxWaiters) {
      return Promise.reject(
        new AppError('QUEUE_FULL', `The global concurrency budget has ${this.options.maxWaiters} waiters already`),
      );
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const onAbort = () => {
        this.removeWaiter(waiter);
        reject(options.signal?.reason);
      };
      const waiter: Waiter = {
        queue,
        interactive,
        grant: resolve,
        reject,
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (interactive) this.interactiveWaiters.push(waiter);
      else {
        const list = this.backgroundWaiters.get(queue);
        if (list) list.push(waiter);
        else {
          this.backgroundWaiters.set(queue, [waiter]);
          this.rotation.push(queue);
        }
      }
    });
  }

  stats(): BudgetStats {
    const byQueue: BudgetStats['byQueue'] = {};
    for (const [queue, running] of this.runningByQueue) byQueue[queue] = { running, waiting: 0 };
    for (const w of this.interactiveWaiters) (byQueue[w.queue] ??= { running: 0, waiting: 0 }).waiting++;
    for (const [queue, list] of this.backgroundWaiters)
      (byQueue[queue] ??= { running: 0, waiting: 0 }).waiting += list.length;
    return {
      total: this.options.total,
      interactiveReserved: this.options.interactiveReserved,
      inUse: this.interactiveInUse + this.backgroundInUse,
      interactiveInUse: this.interactiveInUse,
      backgroundInUse: this.backgroundInUse,
      waitingInteractive: this.interactiveWaiters.length,
      waitingBackground: this.waitingCount() - this.interactiveWaiters.length,
      byQueue,
    };
  }

  private canGrant(interactive: boolean): boolean {
    const inUse = this.interactiveInUse + this.backgroundInUse;
    if (inUse >= this.options.total) return false;
    return interactive || this.backgroundInUse < this.options.total - this.options.interactiveReserved;
  }

  /** Arrival order within a class: a newcomer may not jump waiters of its own class (or interactive ones). */
  private hasWaitersAhead(interactive: boolean): boolean {
    return interactive ? this.interactiveWaiters.length > 0 : this.waitingCount() > 0;
  }

  private waitingCount(): number {
    let n = this.interactiveWaiters.length;
    for (const list of this.backgroundWaiters.values()) n += list.length;
    return n;
  }

  private take(queue: string, interactive: boolean): ReleaseSlot {
    if (interactive) this.interactiveInUse++;
    else this.backgroundInUse++;
    this.runningByQueue.set(queue, (this.runningByQueue.get(queue) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (interactive) this.interactiveInUse--;
      else this.backgroundInUse--;
      const left = (this.runningByQueue.get(queue) ?? 1) - 1;
      if (left > 0) this.runningByQueue.set(queue, left);
      else this.runningByQueue.delete(queue);
      this.dispatch();
    };
  }

  private dispatch(): void {
    while (this.interactiveWaiters.length && this.canGrant(true)) {
      const waiter = this.interactiveWaiters.shift() as Waiter;
      waiter.cleanup();
      waiter.grant(this.take(waiter.queue, true));
    }
    while (this.rotation.length && this.canGrant(false)) {
      const queue = this.rotation.shift() as string;
      const list = this.backgroundWaiters.get(queue) as Waiter[];
      const waiter = list.shift() as Waiter;
      if (list.length) this.rotation.push(queue);
      else this.backgroundWaiters.delete(queue);
      waiter.cleanup();
      waiter.grant(this.take(waiter.queue, false));
    }
  }

  private removeWaiter(waiter: Waiter): void {
    waiter.cleanup();
    if (waiter.interactive) {
      const i = this.interactiveWaiters.indexOf(waiter);
      if (i >= 0) this.interactiveWaiters.splice(i, 1);
      return;
    }
    const list = this.backgroundWaiters.get(waiter.queue);
    if (!list) return;
    const i = list.indexOf(waiter);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) {
      this.backgroundWaiters.delete(waiter.queue);
      this.rotation = this.rotation.filter((q) => q !== waiter.queue);
    }
    // A background waiter leaving can unblock nothing, but an interactive one might have been
    // ahead of others; dispatch keeps the invariants either way.
    this.dispatch();
  }
}
