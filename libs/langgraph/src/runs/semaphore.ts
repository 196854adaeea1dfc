import { AppError } from '@app/infrastructure';

/**
 * Bounds runs executing at once. Runs do not take slots of the service-wide ConcurrencyBudget:
 * a run spends its time waiting for Handit tasks, which take budget slots themselves, so a run
 * holding a slot while its tasks wait for one could deadlock the budget.
 */
export class Semaphore {
  private inUse = 0;
  private readonly waiters: {
    grant: () => void;
    reject: (e: unknown) => void;
    signal?: AbortSignal;
    onAbort: () => void;
  }[] = [];

  constructor(
    private readonly capacity: number,
    private readonly maxWaiters: number,
  ) {}

  get running(): number {
    return this.inUse;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** True when one more acquire would be queued beyond the bound. */
  get full(): boolean {
    return this.inUse >= this.capacity && this.waiters.length >= this.maxWaiters;
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.inUse < this.capacity) return Promise.resolve(this.take());
    if (this.waiters.length >= this.maxWaiters)
      return Promise.reject(
        new AppError('QUEUE_FULL', `${this.maxWaiters} workflow runs are already waiting to start`, undefined, {
          'Retry-After': '5',
        }),
      );
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => resolve(this.take()),
        reject,
        signal,
        onAbort: () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private take(): () => void {
    this.inUse++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse--;
      const next = this.waiters.shift();
      if (next) {
        next.signal?.removeEventListener('abort', next.onAbort);
        next.grant();
      }
    };
  }
}
