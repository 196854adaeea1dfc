import { Injectable } from '@nestjs/common';
import {
  BaseConfig,
  ManagedQueue,
  ManagedQueueStats,
  pauseFigures,
  ProvidesManagedQueue,
  QueuePauseRepository,
  QueueScope,
  tenantOfScope,
} from '@app/infrastructure';
import { TaskRunner } from '../execution/task-runner';
import { TaskQueueRepository } from '../persistence/task-queue.repository';
import { PRIORITIES } from '../tasks/task.types';
import { HANDIT_QUEUE } from './task-queue';

/**
 * Handit's tasks as the managed queue `handit.tasks`. A pause or resume is stored first (so it
 * survives a restart and holds on every replica), then applied by the runner; figures come from
 * the task rows, so they are a tenant's own, and in distributed mode every replica's.
 */
@ProvidesManagedQueue(HANDIT_QUEUE)
@Injectable()
export class ManagedTaskQueue implements ManagedQueue {
  constructor(
    private readonly runner: TaskRunner,
    private readonly repository: TaskQueueRepository,
    private readonly pauses: QueuePauseRepository,
    private readonly config: BaseConfig,
  ) {}

  async stats(scope: QueueScope): Promise<ManagedQueueStats> {
    const tenant = tenantOfScope(scope);
    const counts = await this.repository.countQueuedByPriority(tenant);
    const depthByPriority = Object.fromEntries(PRIORITIES.map((p) => [p, counts[p] ?? 0]));
    const lastMinute = await this.repository.finishedSince(new Date(Date.now() - 60_000), tenant);
    return {
      name: HANDIT_QUEUE,
      ...pauseFigures(await this.pauses.state(HANDIT_QUEUE), scope),
      depthByPriority,
      queued: Object.values(depthByPriority).reduce((a, b) => a + b, 0),
      running: await this.repository.countRunning(tenant),
      concurrency: this.config.values.aiComponents.handit.concurrency,
      completedLastMinute: lastMinute.succeeded,
      failedLastMinute: lastMinute.failed,
    };
  }

  async pause(scope: QueueScope): Promise<void> {
    await this.pauses.pause(HANDIT_QUEUE, scope, new Date());
    await this.runner.applyPause(scope, true);
  }

  async resume(scope: QueueScope): Promise<void> {
    await this.pauses.resume(HANDIT_QUEUE, scope);
    await this.runner.applyPause(scope, false);
  }

  async drain(scope: QueueScope): Promise<{ removed: number }> {
    return { removed: await this.runner.drain(tenantOfScope(scope)) };
  }
}
