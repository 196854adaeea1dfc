import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { BasePerformance } from '@app/infrastructure';

/** Prometheus series: runs by workflow and status, node durations, kill switches. */
@Injectable()
export class LanggraphMetrics {
  readonly runs: Counter<'workflow' | 'status'>;
  readonly nodeDuration: Histogram<'workflow' | 'node' | 'status'>;
  readonly runDuration: Histogram<'workflow' | 'status'>;
  readonly halted: Gauge<'scope' | 'tenant'>;

  constructor(performance: BasePerformance) {
    this.runs = performance.counter({
      name: 'workflow_runs_total',
      help: 'Workflow runs reaching a status, by workflow (template or registered name) and status',
      labelNames: ['workflow', 'status'],
    });
    this.nodeDuration = performance.histogram({
      name: 'workflow_node_duration_seconds',
      help: 'Duration of one workflow node attempt, by workflow, node id and outcome',
      labelNames: ['workflow', 'node', 'status'],
      buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    });
    this.runDuration = performance.histogram({
      name: 'workflow_run_duration_seconds',
      help: 'Execution time of finished workflow runs (time waiting for a human not counted)',
      labelNames: ['workflow', 'status'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
    });
    this.halted = performance.gauge({
      name: 'orchestration_halted',
      help: 'Kill switches: 1 while the global one (scope global) or a tenant’s (scope tenant) is on',
      labelNames: ['scope', 'tenant'],
    });
  }
}
