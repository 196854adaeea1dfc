import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { BasePerformance } from '@app/infrastructure';

/** The library's Prometheus series, registered once: mailbox traffic and agent health outcomes. */
@Injectable()
export class AgentCoordinatorMetrics {
  /** Messages written to mailboxes, by routing mode and priority. */
  readonly sent: Counter<'mode' | 'priority'>;
  /** Deliveries settled: acked, requeued, dead. */
  readonly settled: Counter<'outcome'>;
  /** Routing and storing one send (all its targets). */
  readonly sendLatency: Histogram<'mode'>;
  /** Outcomes recorded against agent health, by agent kind and outcome. */
  readonly outcomes: Counter<'kind' | 'outcome'>;
  /** Circuit breaker state changes, by new state. */
  readonly breakerChanges: Counter<'state'>;

  constructor(performance: BasePerformance) {
    this.sent = performance.counter({
      name: 'agents_messages_sent_total',
      help: 'Messages written to mailboxes, by routing mode and priority',
      labelNames: ['mode', 'priority'] as const,
    });
    this.settled = performance.counter({
      name: 'agents_messages_settled_total',
      help: 'Message deliveries settled: acked, requeued, dead',
      labelNames: ['outcome'] as const,
    });
    this.sendLatency = performance.histogram({
      name: 'agents_send_duration_seconds',
      help: 'Routing and storing one send (all its targets)',
      labelNames: ['mode'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    });
    this.outcomes = performance.counter({
      name: 'agents_outcomes_total',
      help: 'Message outcomes recorded against agent health, by agent kind and outcome',
      labelNames: ['kind', 'outcome'] as const,
    });
    this.breakerChanges = performance.counter({
      name: 'agents_breaker_transitions_total',
      help: 'Agent circuit breaker state changes, by new state',
      labelNames: ['state'] as const,
    });
  }
}
