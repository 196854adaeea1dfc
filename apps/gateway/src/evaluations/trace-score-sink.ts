import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Principal } from '@app/infrastructure';
import { ScoreSinks, type ItemScoreSink, type ItemScores } from '@app/evaluations';
import { ScoreService } from '@app/langfuse';

/**
 * An experiment item's scores as scores of its trace (`eval.<name>`, numeric), stored in the
 * trace store and sent to Langfuse like any score, in the tenant of the experiment.
 */
@Injectable()
export class TraceScoreSink implements ItemScoreSink, OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly scores: ScoreService,
    private readonly sinks: ScoreSinks,
  ) {}

  onModuleInit(): void {
    this.sinks.use(this);
  }

  onModuleDestroy(): void {
    if (this.sinks.current === this) this.sinks.use(null);
  }

  async record(tenant: string, traceId: string, scores: ItemScores, comment: string): Promise<void> {
    // The experiment's own scorer, acting in its tenant (it may read only that tenant's traces).
    const scorer: Principal = { id: 'evaluations', role: 'operator', tenant, authMethod: 'api-key' };
    for (const [name, value] of Object.entries(scores)) {
      if (value === null) continue;
      await this.scores.create(scorer, traceId, { name: `eval.${name}`, value, dataType: 'NUMERIC', comment });
    }
  }
}
