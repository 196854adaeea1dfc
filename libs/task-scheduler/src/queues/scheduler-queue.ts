import { Injectable } from '@nestjs/common';
import { BaseConfig, Clock, ManagedQueue, ManagedQueueStats, ProvidesManagedQueue } from '@app/infrastructure';
import { SchedulerEngine } from '../engine/scheduler-engine';
import { RunRepository } from '../persistence/run.repository';
import { PRIORITIES } from '../scheduler.types';
import { SCHEDULER_QUEUE } from './queue-names';

/**
 * The scheduler's runs as a managed queue. Pausing is stored in the database, so a paused queue
 * stays paused across restarts and for every replica (each engine reads it every tick); firings
 * still create runs while paused (they wait).
 */
@ProvidesManagedQueue(SCHEDULER_QUEUE)
@Injectable()
export class SchedulerQueue implements ManagedQueue {
  constructor(
    private readonly runs: RunRepository,
    private readonly engine: SchedulerEngine,
    private readonly clock: Clock,
    private readonly config: BaseConfig,
  ) {}

  async stats(): Promise<ManagedQueueStats> {
    const depth = await this.runs.depthByPriority();
    const depthByPriority = Object.fromEntries(PRIORITIES.map((p) => [p, depth[p] ?? 0]));
    const lastMinute = await this.runs.finishedSince(new Date(this.clock.nowMs() - 60_000));
    return {
      name: SCHEDULER_QUEUE,
      // Read from the database, not the engine: a pause through another replica counts at once.
      paused: await this.runs.queuePaused(SCHEDULER_QUEUE),
      depthByPriority,
      queued: Object.values(depthByPriority).reduce((a, b) => a + b, 0),
      running: this.engine.executing,
      concurrency: this.config.values.scheduler.concurrency,
      completedLastMinute: lastMinute.succeeded,
      failedLastMinute: lastMinute.failed,
    };
  }

  async pause(): Promise<void> {
    await this.runs.setQueuePaused(SCHEDULER_QUEUE, true, this.clock.now());
    this.engine.setPaused(true);
  }

  async resume(): Promise<void> {
    await this.runs.setQueuePaused(SCHEDULER_QUEUE, false, this.clock.now());
    this.engine.setPaused(false);
  }

  async drain(): Promise<{ removed: number }> {
    return { removed: await this.runs.cancelPending({}, this.clock.now(), 'drained from the queue by an operator') };
  }
}
