import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { BaseLogger, HanditSettings } from '@app/infrastructure';
import { ShadowRunRepository } from '../persistence/shadow-run.repository';
import { TaskQueueRepository } from '../persistence/task-queue.repository';

const SWEEP_INTERVAL_MS = 3_600_000;

/** Removes finished tasks and their shadow runs past `retentionDays`: hourly, and when the runner starts. */
@Injectable()
export class TaskRetention implements OnApplicationShutdown {
  private readonly retentionDays: number;
  private readonly logger: BaseLogger;
  private readonly timer: NodeJS.Timeout;

  constructor(
    settings: HanditSettings,
    logger: BaseLogger,
    private readonly repository: TaskQueueRepository,
    private readonly shadowRuns: ShadowRunRepository,
  ) {
    this.retentionDays = settings.retentionDays;
    this.logger = logger.child({ component: 'handit' });
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One sweep; a failure is logged, never thrown. */
  async sweep(): Promise<void> {
    const cutoff = new Date(Date.now() - this.retentionDays * 86_400_000);
    try {
      const removed = await this.repository.deleteFinishedBefore(cutoff);
      const shadows = await this.shadowRuns.deleteBefore(cutoff);
      if (removed || shadows)
        this.logger.log({ removed, shadows, cutoff: cutoff.toISOString() }, 'Removed finished tasks past retention');
    } catch (err) {
      this.logger.warn({ err }, 'Task retention sweep failed');
    }
  }
}
