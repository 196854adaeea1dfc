import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BasePerformance, MetricSpec } from '../../base/base-performance';

/**
 * prom-client on a registry of the app's own (not the global one), so two app instances in one
 * process (tests) never clash, and libraries share series by name.
 */
export class CorePerformance extends BasePerformance {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;

  constructor(options: { defaultMetrics: boolean; labels?: Record<string, string> }) {
    super();
    if (options.labels) this.registry.setDefaultLabels(options.labels);
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(spec: MetricSpec<L>): Counter<L> {
    return this.existing<Counter<L>>(spec.name) ?? new Counter(this.inRegistry(spec));
  }

  gauge<L extends string>(spec: MetricSpec<L>): Gauge<L> {
    return this.existing<Gauge<L>>(spec.name) ?? new Gauge(this.inRegistry(spec));
  }

  histogram<L extends string>(spec: MetricSpec<L> & { buckets?: number[] }): Histogram<L> {
    return this.existing<Histogram<L>>(spec.name) ?? new Histogram(this.inRegistry(spec));
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  private existing<T>(name: string): T | undefined {
    return this.registry.getSingleMetric(name) as T | undefined;
  }

  /** A new series' configuration: the spec, its labels (none by default), in this registry only. */
  private inRegistry<L extends string, S extends MetricSpec<L>>(spec: S) {
    return { ...spec, labelNames: spec.labelNames ?? [], registers: [this.registry] };
  }
}
