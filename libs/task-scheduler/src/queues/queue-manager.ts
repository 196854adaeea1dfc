import { Injectable } from '@nestjs/common';
import { AppError, BudgetStats, ConcurrencyBudget, ContainerCore, MANAGED_QUEUE, ManagedQueue, ManagedQueueStats } from '@app/infrastructure';

export interface QueueOverview extends ManagedQueueStats {
  /** Per-second rates over the last minute. */
  rates: { completedPerSecond: number; failedPerSecond: number };
}

/**
 * Every queue in the service, found by @ProvidesManagedQueue (Handit's task queue, the
 * scheduler's runs, …) without importing the libraries that own them.
 */
@Injectable()
export class QueueManager {
  constructor(private readonly container: ContainerCore, private readonly budget: ConcurrencyBudget) {}

  private queues(): Map<string, ManagedQueue> {
    return new Map(this.container.discover<string, ManagedQueue>(MANAGED_QUEUE).map((r) => [r.metadata, r.instance]));
  }

  names(): string[] {
    return [...this.queues().keys()].sort();
  }

  async list(): Promise<{ queues: QueueOverview[]; budget: BudgetStats }> {
    const queues = await Promise.all([...this.queues().values()].map(async (q) => this.overview(await q.stats())));
    return { queues: queues.sort((a, b) => a.name.localeCompare(b.name)), budget: this.budget.stats() };
  }

  async get(name: string): Promise<QueueOverview> {
    return this.overview(await this.require(name).stats());
  }

  async pause(name: string): Promise<QueueOverview> {
    await this.require(name).pause();
    return this.get(name);
  }

  async resume(name: string): Promise<QueueOverview> {
    await this.require(name).resume();
    return this.get(name);
  }

  async drain(name: string): Promise<{ removed: number; queue: QueueOverview }> {
    const { removed } = await this.require(name).drain();
    return { removed, queue: await this.get(name) };
  }

  private require(name: string): ManagedQueue {
    const queue = this.queues().get(name);
    if (!queue) throw new AppError('NOT_FOUND', `queue '${name}' not found; queues: ${this.names().join(', ')}`, { resource: 'queue', id: name });
    return queue;
  }

  private overview(stats: ManagedQueueStats): QueueOverview {
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return { ...stats, rates: { completedPerSecond: round(stats.completedLastMinute / 60), failedPerSecond: round(stats.failedLastMinute / 60) } };
  }
}
