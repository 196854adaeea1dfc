import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BaseConfig, BaseLogger, LanggraphSettings } from '@app/infrastructure';
import { WorkflowCheckpointer } from '../checkpoint/workflow-checkpointer';
import { RunRepository } from '../persistence/run.repository';

const DAY_MS = 86_400_000;
const SWEEP_INTERVAL_MS = 3_600_000;

/**
 * Deletes finished runs older than `retentionDays` with their checkpoints: at start-up, then
 * hourly, on every replica (a pass is idempotent and deletes in bounded batches).
 */
@Injectable()
export class RunRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly settings: LanggraphSettings;
  private readonly logger: BaseLogger;
  private timer?: NodeJS.Timeout;

  constructor(
    config: BaseConfig,
    logger: BaseLogger,
    private readonly runs: RunRepository,
    private readonly checkpointer: WorkflowCheckpointer,
  ) {
    this.settings = config.values.aiComponents.langgraph;
    this.logger = logger.child({ component: 'langgraph' });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepQuietly(), SWEEP_INTERVAL_MS).unref();
    void this.sweepQuietly();
  }

  /** Stops the timer before the checkpointer and the database close. */
  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One pass: the ids of the runs deleted (their checkpoints go too). */
  async sweep(now: Date = new Date()): Promise<string[]> {
    const ids = await this.runs.deleteFinishedBefore(new Date(now.getTime() - this.settings.retentionDays * DAY_MS));
    for (const id of ids) await this.checkpointer.deleteThread(id).catch(() => undefined);
    if (ids.length) this.logger.log({ deleted: ids.length }, 'Deleted finished workflow runs past retention');
    return ids;
  }

  private async sweepQuietly(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'Workflow run retention sweep failed');
    }
  }
}
