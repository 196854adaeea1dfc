import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { BasePerformance } from '@app/infrastructure';

/** How an attempt of a run ended: done, to be retried after its backoff, or into the dead-letter list. */
export type AttemptOutcome = 'succeeded' | 'retrying' | 'dead';

/** The scheduler's metrics, in the registry /metrics serves. */
@Injectable()
export class TaskSchedulerMetrics {
  private readonly attempts: Counter<'job' | 'outcome'>;

  constructor(performance: BasePerformance) {
    this.attempts = performance.counter({
      name: 'scheduler_run_attempts_total',
      help: 'Scheduler run attempts by job and outcome (succeeded, retrying, dead)',
      labelNames: ['job', 'outcome'] as const,
    });
  }

  /** Counts one finished attempt of a run of `job`. */
  attempt(job: string, outcome: AttemptOutcome): void {
    this.attempts.inc({ job, outcome });
  }
}
