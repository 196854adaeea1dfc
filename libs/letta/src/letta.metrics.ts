import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { BasePerformance } from '@app/infrastructure';

export type LettaOperation =
  | 'create'
  | 'bulk_create'
  | 'get'
  | 'list'
  | 'update'
  | 'delete'
  | 'search'
  | 'context'
  | 'block_put'
  | 'block_get'
  | 'block_delete'
  | 'session_create'
  | 'session_message'
  | 'session_end'
  | 'export'
  | 'import'
  | 'sweep';

/** Per-operation counts and latencies, in the registry /metrics serves. */
@Injectable()
export class LettaMetrics {
  private readonly operations: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation'>;
  readonly removed: Counter<'reason'>;
  readonly deduplicated: Counter<string>;

  constructor(performance: BasePerformance) {
    this.operations = performance.counter({
      name: 'letta_operations_total',
      help: 'Agent memory operations by outcome',
      labelNames: ['operation', 'outcome'] as const,
    });
    this.duration = performance.histogram({
      name: 'letta_operation_duration_seconds',
      help: 'Agent memory operation latency',
      labelNames: ['operation'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    this.removed = performance.counter({
      name: 'letta_memories_removed_total',
      help: 'Memories removed by the retention sweeper',
      labelNames: ['reason'] as const,
    });
    this.deduplicated = performance.counter({
      name: 'letta_memories_deduplicated_total',
      help: 'Writes merged into an existing near-duplicate memory',
    });
  }

  /** Times `fn` and counts it as ok or error. */
  async track<T>(operation: LettaOperation, fn: () => Promise<T>): Promise<T> {
    const end = this.duration.startTimer({ operation });
    try {
      const result = await fn();
      this.operations.inc({ operation, outcome: 'ok' });
      return result;
    } catch (err) {
      this.operations.inc({ operation, outcome: 'error' });
      throw err;
    } finally {
      end();
    }
  }
}
