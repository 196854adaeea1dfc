import { Injectable } from '@nestjs/common';
import {
  HanditSettings,
  depthOfPriorities,
  ProvidesManagedQueue,
  QueueFigures,
  QueuePauseRepository,
  QueueScope,
  StoredPauseQueue,
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
export class ManagedTaskQueue extends StoredPauseQueue {
  constructor(
    private readonly runner: TaskRunner,
    private readonly repository: TaskQueueRepository,
    pauses: QueuePauseRepository,
    private readonly settings: HanditSettings,
  ) {
    super(HANDIT_QUEUE, pauses, () => new Date());
  }

  protected async figures(tenant: string | undefined): Promise<QueueFigures> {
    const depthByPriority = depthOfPriorities(PRIORITIES, await this.repository.countQueuedByPriority(tenant));
    const lastMinute = await this.repository.finishedSince(new Date(Date.now() - 60_000), tenant);
    return {
      depthByPriority,
      running: await this.repository.countRunning(tenant),
      concurrency: this.settings.concurrency,
      completedLastMinute: lastMinute.succeeded,
      failedLastMinute: lastMinute.failed,
    };
  }

  protected applyPause(scope: QueueScope, paused: boolean): Promise<void> {
    return this.runner.applyPause(scope, paused);
  }

  protected drainWaiting(tenant: string | undefined): Promise<number> {
    return this.runner.drain(tenant);
  }
}
