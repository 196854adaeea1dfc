import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BaseLogger, LettaSettings } from '@app/infrastructure';
import { RetentionService } from './retention.service';

export const SWEEP_INTERVAL_NAME = 'letta.retention-sweep';

/** Runs the retention sweep every MEMORY_SWEEP_INTERVAL_MS (0: only when an admin triggers it). */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: BaseLogger;

  constructor(
    private readonly retention: RetentionService,
    private readonly scheduler: SchedulerRegistry,
    private readonly settings: LettaSettings,
    logger: BaseLogger,
  ) {
    this.logger = logger.child({ component: 'letta.sweeper' });
  }

  get intervalMs(): number {
    return this.settings.enabled ? this.settings.sweepIntervalMs : 0;
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    const timer = setInterval(() => {
      this.retention
        .sweep()
        .catch((err: Error) => this.logger.error({ err: err.message }, 'memory retention sweep failed'));
    }, this.intervalMs);
    // The sweep must not keep a finished process alive; shutdown removes it anyway.
    timer.unref();
    this.scheduler.addInterval(SWEEP_INTERVAL_NAME, timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', SWEEP_INTERVAL_NAME)) this.scheduler.deleteInterval(SWEEP_INTERVAL_NAME);
  }
}
