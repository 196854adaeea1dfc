import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { BasePerformance } from '@app/infrastructure';
import { PRIORITIES, Priority } from './tasks/task.types';

/** Handit's Prometheus series. */
@Injectable()
export class HanditMetrics {
  readonly tasks: Counter<'type' | 'model' | 'status'>;
  readonly duration: Histogram<'type' | 'model' | 'status'>;
  readonly cache: Counter<'result'>;
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
