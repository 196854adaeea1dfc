import type { QueuePauseRepository } from '../../persistence/queue-pause.repository';
import { ManagedQueue, ManagedQueueStats, QueueScope, tenantOfScope } from './managed-queue';
import { pauseFigures } from './queue-pause-state';

/** What the owner of a queue counts of the work in view; the stats add its name, pauses and queued total. */
export interface QueueFigures {
  depthByPriority: Record<string, number>;
  running: number;
  concurrency: number;
  completedLastMinute: number;
  failedLastMinute: number;
}

/** Waiting items for every priority, in priority order, 0 for a priority with none waiting. */
export function depthOfPriorities(
  priorities: readonly string[],
  counts: Partial<Record<string, number>>,
): Record<string, number> {
  return Object.fromEntries(priorities.map((p) => [p, counts[p] ?? 0]));
}

/**
 * A managed queue whose pauses are stored (QueuePauseRepository), so they outlive a restart and
 * hold on every replica. Pause and resume store the change first, then let the owner apply it;
 * stats join the owner's figures to the stored pauses as the scope may see them. The owner
 * supplies its figures, how a change is applied, and how its waiting work is cancelled.
 */
export abstract class StoredPauseQueue implements ManagedQueue {
  protected constructor(
    private readonly queueName: string,
    protected readonly pauses: QueuePauseRepository,
    private readonly now: () => Date,
  ) {}

  /** The owner's figures for one tenant's work, or every tenant's when `tenant` is undefined. */
  protected abstract figures(tenant: string | undefined): Promise<QueueFigures>;

  /** Applies a pause (`paused`) or a resume of `scope`, once stored, to the work the owner runs. */
  protected abstract applyPause(scope: QueueScope, paused: boolean): Promise<void>;

  /** Cancels the waiting (not running) work of one tenant, or of every tenant; returns how many. */
  protected abstract drainWaiting(tenant: string | undefined): Promise<number>;

  async stats(scope: QueueScope): Promise<ManagedQueueStats> {
    const figures = await this.figures(tenantOfScope(scope));
    return {
      name: this.queueName,
      // Read from the database, not the owner: a pause through another replica counts at once.
      ...pauseFigures(await this.pauses.state(this.queueName), scope),
      depthByPriority: figures.depthByPriority,
      queued: Object.values(figures.depthByPriority).reduce((a, b) => a + b, 0),
      running: figures.running,
      concurrency: figures.concurrency,
      completedLastMinute: figures.completedLastMinute,
      failedLastMinute: figures.failedLastMinute,
    };
  }

  async pause(scope: QueueScope): Promise<void> {
    await this.pauses.pause(this.queueName, scope, this.now());
    await this.applyPause(scope, true);
  }

  async resume(scope: QueueScope): Promise<void> {
    await this.pauses.resume(this.queueName, scope);
    await this.applyPause(scope, false);
  }

  async drain(scope: QueueScope): Promise<{ removed: number }> {
    return { removed: await this.drainWaiting(tenantOfScope(scope)) };
  }
}
