import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricSpec<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/**
 * Metrics contract. Libraries create their series through it so that every series lands in the
 * one registry that /metrics serves; asking twice for the same name returns the same series.
 */
export abstract class BasePerformance {
  abstract readonly registry: Registry;
  abstract counter<L extends string>(spec: MetricSpec<L>): Counter<L>;
  abstract gauge<L extends string>(spec: MetricSpec<L>): Gauge<L>;
  abstract histogram<L extends string>(spec: MetricSpec<L> & { buckets?: number[] }): Histogram<L>;
  /** Prometheus text exposition of every series. */
  abstract render(): Promise<string>;
  abstract readonly contentType: string;
}
