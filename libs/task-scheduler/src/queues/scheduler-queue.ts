import { Injectable } from '@nestjs/common';
import {
  BaseConfig,
  Clock,
  depthOfPriorities,
  ProvidesManagedQueue,
  QueueFigures,
  QueuePauseRepository,
  StoredPauseQueue,
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
export class SchedulerQueue extends StoredPauseQueue {
  constructor(
    private readonly runs: RunRepository,
    pauses: QueuePauseRepository,
    private readonly engine: SchedulerEngine,
    private readonly clock: Clock,
    private readonly config: BaseConfig,
  ) {
    super(SCHEDULER_QUEUE, pauses, () => clock.now());
  }

  protected async figures(tenant: string | undefined): Promise<QueueFigures> {
    const depthByPriority = depthOfPriorities(PRIORITIES, await this.runs.depthByPriority(tenant));
    const lastMinute = await this.runs.finishedSince(new Date(this.clock.nowMs() - 60_000), tenant);
    return {
      depthByPriority,
      running: await this.runs.countRunning(tenant),
      concurrency: this.config.values.scheduler.concurrency,
      completedLastMinute: lastMinute.succeeded,
      failedLastMinute: lastMinute.failed,
    };
  }

  /** The engine takes the stored state whole (every pause of the queue), as it reads it every tick. */
  protected async applyPause(): Promise<void> {
    this.engine.pausesChanged(await this.pauses.state(SCHEDULER_QUEUE));
  }

  protected drainWaiting(tenant: string | undefined): Promise<number> {
    return this.runs.cancelPending({ tenant }, this.clock.now(), 'drained from the queue by an operator');
  }
}
