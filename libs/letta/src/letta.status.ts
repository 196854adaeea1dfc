import { Injectable } from '@nestjs/common';
import {
  ContributesStatus,
  Database,
  LettaSettings,
  type ComponentStatus,
  type StatusContributor,
} from '@app/infrastructure';
import { EmbeddingsService } from './embeddings/embeddings.service';
import { RetentionService } from './retention/retention.service';
import { RetentionSweeper } from './retention/retention.sweeper';

/** /status: which search mode is in force, the embeddings endpoint's health, the last sweep. */
@Injectable()
@ContributesStatus('letta')
export class LettaStatus implements StatusContributor {
  constructor(
    private readonly settings: LettaSettings,
    private readonly database: Database,
    private readonly embeddings: EmbeddingsService,
    private readonly retention: RetentionService,
    private readonly sweeper: RetentionSweeper,
  ) {}

  componentStatus(): ComponentStatus {
    if (!this.settings.enabled) return { state: 'disabled' };
    const embeddings = this.embeddings.status();
    const last = this.retention.lastReport;
    return {
      // Search still works on full text when the embeddings endpoint fails, hence degraded, not down.
      state: embeddings.configured && embeddings.lastFailed ? 'degraded' : 'up',
      details: {
        search: embeddings.configured ? 'hybrid' : 'fulltext',
        engine: this.database.dialect === 'sqlite' ? 'sqlite-fts5-bm25' : 'postgres-tsvector-ts_rank',
        embeddings,
        sweeper: {
          intervalMs: this.sweeper.intervalMs,
          lastRun: last ? { finishedAt: last.finishedAt, total: last.total, byReason: last.byReason } : null,
        },
      },
    };
  }
}
