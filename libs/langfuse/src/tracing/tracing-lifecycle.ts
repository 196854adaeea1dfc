import { BeforeApplicationShutdown, Injectable, OnModuleInit } from '@nestjs/common';
import { BaseLogger, BasePerformance } from '@app/infrastructure';
import { ScoreService } from '../scores/score.service';
import { TraceStoreRepository } from '../persistence/trace-store.repository';
import { TracingRuntime } from './tracing-runtime';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Connects the runtime (started before Nest) to what Nest provides: the metrics registry for
 * export counters, the database for the local store, and the retention sweep. On shutdown it
 * flushes scores and spans while the database is still open, then releases the tracing globals.
 */
@Injectable()
export class TracingLifecycle implements OnModuleInit, BeforeApplicationShutdown {
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly logger: BaseLogger;

  constructor(
    private readonly runtime: TracingRuntime,
    private readonly repository: TraceStoreRepository,
    private readonly scores: ScoreService,
    performance: BasePerformance,
    logger: BaseLogger,
  ) {
    this.logger = logger.child({ component: 'langfuse' });
    runtime.telemetry.bind(performance, this.logger);
  }

  onModuleInit(): void {
    const { store } = this.runtime.config.aiComponents.langfuse;
    if (!this.runtime.localStore) return;
    this.runtime.localStore.attach(this.repository);
    void this.sweep();
    if (store.sweepIntervalMs > 0) {
      this.sweepTimer = setInterval(() => void this.sweep(), store.sweepIntervalMs);
      this.sweepTimer.unref();
    }
  }

  /** Deletes what is older than the retention period; a failure is logged, never thrown. */
  async sweep(): Promise<number> {
    const days = this.runtime.config.aiComponents.langfuse.store.retentionDays;
    try {
      const removed = await this.repository.deleteOlderThan(new Date(Date.now() - days * DAY_MS));
      if (removed > 0) this.logger.log({ removed, retentionDays: days }, 'Trace store retention sweep');
      return removed;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'Trace store retention sweep failed');
      return 0;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    // Both bounded by the shutdown timeout, side by side: an unreachable backend costs it once.
    const budgetMs = this.runtime.config.aiComponents.langfuse.export.shutdownTimeoutMs;
    const [pendingScores] = await Promise.all([this.scores.flush(budgetMs), this.runtime.shutdown()]);
    if (pendingScores > 0) this.runtime.telemetry.droppedAtShutdown('langfuse_scores', pendingScores, budgetMs);
    this.runtime.localStore?.detach();
  }
}
