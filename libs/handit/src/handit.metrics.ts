import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { BasePerformance } from '@app/infrastructure';
import { PRIORITIES, Priority } from './tasks/task.types';

/** Buckets of the per-version histograms (champion and shadow alike, so the two compare bucket by bucket). */
const VERSION_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Handit's Prometheus series. */
@Injectable()
export class HanditMetrics {
  readonly tasks: Counter<'type' | 'model' | 'status'>;
  readonly duration: Histogram<'type' | 'model' | 'status'>;
  readonly cache: Counter<'result'>;
  readonly versionTasks: Counter<'model' | 'version' | 'status'>;
  readonly versionDuration: Histogram<'model' | 'version'>;
  readonly shadowRuns: Counter<'model' | 'version' | 'outcome'>;
  readonly shadowDuration: Histogram<'model' | 'version'>;
  readonly routedFallback: Counter<'model' | 'from' | 'to'>;
  private readonly depth: Gauge<'priority'>;

  constructor(performance: BasePerformance) {
    this.tasks = performance.counter({
      name: 'handit_tasks_total',
      help: 'Finished task attempts by type, model and status',
      labelNames: ['type', 'model', 'status'] as const,
    });
    this.duration = performance.histogram({
      name: 'handit_task_duration_seconds',
      help: 'Execution time of task attempts (start to finish), by type, model and status',
      labelNames: ['type', 'model', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    });
    this.cache = performance.counter({
      name: 'handit_cache_total',
      help: 'Result cache lookups: hit, miss, or coalesced onto an identical execution in flight',
      labelNames: ['result'] as const,
    });
    // Per model version: the A/B view (which version served how many tasks, how fast, how well).
    this.versionTasks = performance.counter({
      name: 'handit_model_version_tasks_total',
      help: 'Finished tasks by model, version and final status',
      labelNames: ['model', 'version', 'status'] as const,
    });
    this.versionDuration = performance.histogram({
      name: 'handit_model_version_duration_seconds',
      help: 'Execution time of finished tasks by model and version',
      labelNames: ['model', 'version'] as const,
      buckets: VERSION_DURATION_BUCKETS,
    });
    this.shadowRuns = performance.counter({
      name: 'handit_shadow_runs_total',
      help: 'Shadow runs by model and shadow version: agreed, disagreed (with the champion), failed, skipped (queue full)',
      labelNames: ['model', 'version', 'outcome'] as const,
    });
    this.shadowDuration = performance.histogram({
      name: 'handit_shadow_duration_seconds',
      help: 'Execution time of shadow runs by model and shadow version',
      labelNames: ['model', 'version'] as const,
      buckets: VERSION_DURATION_BUCKETS,
    });
    this.routedFallback = performance.counter({
      name: 'handit_routed_fallback_total',
      help: 'Tasks routed to a fallback version because the chosen version’s provider circuit was open',
      labelNames: ['model', 'from', 'to'] as const,
    });
    this.depth = performance.gauge({
      name: 'handit_queue_depth',
      help: 'Tasks waiting in the queue, by priority',
      labelNames: ['priority'] as const,
    });
  }

  /** Sets the depth gauge; called on every queue change (five numbers, cheap). */
  setDepth(depth: Record<Priority, number>): void {
    for (const p of PRIORITIES) this.depth.set({ priority: p }, depth[p]);
  }
}
