import { Injectable } from '@nestjs/common';
import {
  BaseConfig,
  Clock,
  ManagedQueue,
  ManagedQueueStats,
  pauseFigures,
  ProvidesManagedQueue,
  QueuePauseRepository,
  QueueScope,
  tenantOfScope,
} from '@app/infrastructure';
import { SchedulerEngine } from '../engine/scheduler-engine';
import { RunRepository } from '../persistence/run.repository';
import { PRIORITIES } from '../scheduler.types';
import { SCHEDULER_QUEUE } from './queue-names';

/**
 * The scheduler's runs as a managed queue. Pauses are stored, so a paused queue (or a tenant's
 * paused runs) stays paused across restarts and for every replica (each engine reads them every
 * tick); firings still create runs while paused (they wait). Figures come from the run rows, so
 * they count every replica's work.
 */
@ProvidesManagedQueue(SCHEDULER_QUEUE)
@Injectable()
export class SchedulerQueue implements ManagedQueue {
  constructor(
    private readonly runs: RunRepository,
    private readonly pauses: QueuePauseRepository,
    private readonly engine: SchedulerEngine,
    private readonly clock: Clock,
    private readonly config: BaseConfig,
  ) {}

  async stats(scope: QueueScope): Promise<ManagedQueueStats> {
    const tenant = tenantOfScope(scope);
    const depth = await this.runs.depthByPriority(tenant);
    const depthByPriority = Object.fromEntries(PRIORITIES.map((p) => [p, depth[p] ?? 0]));
    const lastMinute = await this.runs.finishedSince(new Date(this.clock.nowMs() - 60_000), tenant);
    return {
      name: SCHEDULER_QUEUE,
      // Read from the database, not the engine: a pause through another replica counts at once.
      ...pauseFigures(await this.pauses.state(SCHEDULER_QUEUE), scope),
      depthByPriority,
      queued: Object.values(depthByPriority).reduce((a, b) => a + b, 0),
      running: await this.runs.countRunning(tenant),
      concurrency: this.config.values.scheduler.concurrency,
      completedLastMinute: lastMinute.succeeded,
      failedLastMinute: lastMinute.failed,
    };
  }

  async pause(scope: QueueScope): Promise<void> {
    await this.pauses.pause(SCHEDULER_QUEUE, scope, this.clock.now());
    this.engine.pausesChanged(await this.pauses.state(SCHEDULER_QUEUE));
  }

  async resume(scope: QueueScope): Promise<void> {
    await this.pauses.resume(SCHEDULER_QUEUE, scope);
    this.engine.pausesChanged(await this.pauses.state(SCHEDULER_QUEUE));
  }

  async drain(scope: QueueScope): Promise<{ removed: number }> {
    const reason = 'drained from the queue by an operator';
    return { removed: await this.runs.cancelPending({ tenant: tenantOfScope(scope) }, this.clock.now(), reason) };
  }
}
