import { Injectable } from '@nestjs/common';
import { BaseConfig, ComponentStatus, ContributesStatus, StatusContributor, WHOLE_QUEUE } from '@app/infrastructure';
import { SchedulerEngine } from './engine/scheduler-engine';
import { ScheduleRepository } from './persistence/schedule.repository';
import { SchedulerQueue } from './queues/scheduler-queue';

/** `scheduler` in /status and on the dashboard: state plus the figures an operator checks first. */
@ContributesStatus('scheduler')
@Injectable()
export class TaskSchedulerStatus implements StatusContributor {
  constructor(
    private readonly engine: SchedulerEngine,
    private readonly queue: SchedulerQueue,
    private readonly schedules: ScheduleRepository,
    private readonly config: BaseConfig,
  ) {}

  async componentStatus(): Promise<ComponentStatus> {
    if (!this.config.values.scheduler.enabled) return { state: 'disabled' };
    const stats = await this.queue.stats(WHOLE_QUEUE);
    const nextFireAt = await this.schedules.earliestNextFire();
    return {
      state: !this.engine.isRunning ? 'starting' : stats.paused ? 'degraded' : 'up',
      details: {
        schedules: await this.schedules.count(),
        nextFireAt: nextFireAt?.toISOString() ?? null,
        queued: stats.queued,
        running: stats.running,
        paused: stats.paused,
        failedLastMinute: stats.failedLastMinute,
      },
    };
  }
}
