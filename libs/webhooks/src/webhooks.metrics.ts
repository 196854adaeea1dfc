import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { BasePerformance } from '@app/infrastructure';

/** The webhooks' Prometheus series. */
@Injectable()
export class WebhooksMetrics {
  readonly attempts: Counter<'event' | 'outcome'>;
  readonly duration: Histogram<'outcome'>;

  constructor(performance: BasePerformance) {
    this.attempts = performance.counter({
      name: 'webhook_delivery_attempts_total',
      help: 'Delivery attempts by event and outcome: succeeded, retried (pending again) or failed for good',
      labelNames: ['event', 'outcome'] as const,
    });
    this.duration = performance.histogram({
      name: 'webhook_delivery_duration_seconds',
      help: 'Time of one delivery attempt (vetting the target, the POST and its answer), by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
  }
}
