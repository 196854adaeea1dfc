import type { Counter, Gauge, Histogram } from 'prom-client';
import { BasePerformance } from '../base/base-performance';

/** The audit trail's series on /metrics. */
export class AuditMetrics {
  readonly written: Counter<string>;
  readonly dropped: Counter<string>;
  readonly failures: Counter<string>;
  readonly queueDepth: Gauge<string>;
  readonly headSeq: Gauge<string>;
  readonly flushSeconds: Histogram<string>;

  constructor(performance: BasePerformance) {
    this.written = performance.counter({
      name: 'audit_entries_written_total',
      help: 'Audit entries appended to the chain',
    });
    this.dropped = performance.counter({
      name: 'audit_entries_dropped_total',
      help: 'Audit entries dropped because the write queue was full (an audit.dropped entry records them)',
    });
    this.failures = performance.counter({
      name: 'audit_write_failures_total',
      help: 'Audit batch appends that failed (retried)',
    });
    this.queueDepth = performance.gauge({ name: 'audit_queue_depth', help: 'Audit entries waiting to be written' });
    this.headSeq = performance.gauge({
      name: 'audit_chain_head_seq',
      help: 'Sequence number of the last entry this replica appended',
    });
    this.flushSeconds = performance.histogram({
      name: 'audit_flush_duration_seconds',
      help: 'Time to append one batch (lock the head, insert, move the head)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    });
  }
}
