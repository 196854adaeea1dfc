import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import {
  BaseConfig,
  BaseLogger,
  BasePerformance,
  Clock,
  ContainerCore,
  MANAGED_QUEUE,
  ManagedQueue,
  TimerHandle,
  WHOLE_QUEUE,
} from '@app/infrastructure';
import { histogramQuantile } from './histogram-quantile';
import { RingBuffer } from '@app/infrastructure';
import { MAX_SERIES, SERIES_CATALOG } from './series-catalog';

export interface Point {
  /** Epoch ms. */
  t: number;
  v: number;
}

interface Counters {
  at: number;
  requests: number;
  serverErrors: number;
  clientErrors: number;
  buckets: Map<number, number>;
  cacheHits: number;
  cacheMisses: number;
  cpuMicros: number;
  wallNs: bigint;
}

type Values = MetricValue<string>[];
const sum = (values: Values, keep: (v: MetricValue<string>) => boolean = () => true) =>
  values.filter(keep).reduce((a, v) => a + v.value, 0);

/**
 * Samples the shared prom-client registry (and every managed queue) every sampleIntervalMs into
 * bounded ring buffers, turning counters into rates and histograms into percentiles over the
 * interval. Timing comes from the injected Clock, so tests sample by advancing it.
 */
@Injectable()
export class MetricSampler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly series = new Map<string, RingBuffer<Point>>();
  private previous: Counters | null = null;
  private timer: TimerHandle | null = null;
  private sampling: Promise<void> | null = null;
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private readonly listeners = new Set<() => void>();
  private readonly logger: BaseLogger;

  constructor(
    private readonly performance: BasePerformance,
    private readonly container: ContainerCore,
    private readonly clock: Clock,
    private readonly config: BaseConfig,
    logger: BaseLogger,
  ) {
    this.logger = logger.child({ component: 'monitoring' });
  }

  onApplicationBootstrap(): void {
    this.loopDelay.enable();
    this.schedule();
  }

  onApplicationShutdown(): void {
    this.timer?.cancel();
    this.timer = null;
    this.loopDelay.disable();
  }

  /** Re-arms the sampling timer on the current clock (after a test swaps it). */
  schedule(): void {
    this.timer?.cancel();
    this.timer = this.clock.setTimer(() => {
      this.sampling = this.sample()
        .catch((error: unknown) => this.logger.error({ err: error }, 'metric sampling failed'))
        .finally(() => {
          this.sampling = null;
          this.schedule();
        });
    }, this.config.values.monitoring.sampleIntervalMs);
  }

  /** Resolves when a sample in progress (if any) is stored: evaluation reads complete samples. */
  async settled(): Promise<void> {
    await this.sampling;
  }

  /** Called after each sample (the alert evaluator may listen). Returns an unsubscribe function. */
  onSample(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  names(): string[] {
    return [...this.series.keys()].sort();
  }

  points(name: string, windowMs?: number): Point[] {
    const all = this.series.get(name)?.toArray() ?? [];
    if (windowMs === undefined) return all;
    const from = this.clock.nowMs() - windowMs;
    return all.filter((p) => p.t >= from);
  }

  async sample(): Promise<void> {
    const now = this.clock.nowMs();
    const metrics = await this.performance.registry.getMetricsAsJSON();
    const byName = new Map(
      metrics.map((m) => [m.name, ((m as MetricObjectWithValues<MetricValue<string>>).values ?? []) as Values]),
    );
    const current = this.read(byName, now);
    const prev = this.previous;
    this.previous = current;

    if (prev && current.at > prev.at) {
      const seconds = (current.at - prev.at) / 1000;
      const requests = Math.max(0, current.requests - prev.requests);
      const serverErrors = Math.max(0, current.serverErrors - prev.serverErrors);
      const clientErrors = Math.max(0, current.clientErrors - prev.clientErrors);
      this.record('http.request_rate', now, requests / seconds);
      this.record('http.error_rate', now, serverErrors / seconds);
      this.record('http.error_ratio', now, requests ? serverErrors / requests : 0);
      this.record('http.client_error_ratio', now, requests ? clientErrors / requests : 0);
      const delta = [...current.buckets].map(([le, count]) => ({
        le,
        count: Math.max(0, count - (prev.buckets.get(le) ?? 0)),
      }));
      for (const [q, name] of [
        [0.5, 'http.latency_p50_ms'],
        [0.95, 'http.latency_p95_ms'],
        [0.99, 'http.latency_p99_ms'],
      ] as const) {
        const seconds = histogramQuantile(q, delta);
        if (seconds !== null) this.record(name, now, seconds * 1000);
      }
      const lookups = current.cacheHits + current.cacheMisses - prev.cacheHits - prev.cacheMisses;
      if (lookups > 0) this.record('cache.hit_ratio', now, (current.cacheHits - prev.cacheHits) / lookups);
      const wallMicros = Number(current.wallNs - prev.wallNs) / 1000;
      if (wallMicros > 0)
        this.record('process.cpu_percent', now, (100 * (current.cpuMicros - prev.cpuMicros)) / wallMicros);
    }
    const memory = process.memoryUsage();
    this.record('process.rss_mb', now, memory.rss / 1048576);
    this.record('process.heap_used_mb', now, memory.heapUsed / 1048576);
    this.record('process.event_loop_lag_ms', now, Number.isFinite(this.loopDelay.mean) ? this.loopDelay.mean / 1e6 : 0);
    this.loopDelay.reset();
    await this.sampleQueues(now);
    for (const listener of this.listeners) listener();
  }

  private async sampleQueues(now: number): Promise<void> {
    let depth = 0;
    let running = 0;
    let completed = 0;
    let failed = 0;
    for (const { metadata: name, instance } of this.container.discover<string, ManagedQueue>(MANAGED_QUEUE)) {
      try {
        const stats = await instance.stats(WHOLE_QUEUE);
        depth += stats.queued;
        running += stats.running;
        completed += stats.completedLastMinute;
        failed += stats.failedLastMinute;
        this.record(`queue.${name}.depth`, now, stats.queued);
        this.record(`queue.${name}.running`, now, stats.running);
      } catch (error) {
        this.logger.warn({ err: error, queue: name }, 'queue stats failed during sampling');
      }
    }
    this.record('queues.depth', now, depth);
    this.record('queues.running', now, running);
    this.record('tasks.completed_per_minute', now, completed);
    this.record('tasks.failed_per_minute', now, failed);
  }

  private read(byName: Map<string, Values>, at: number): Counters {
    const requests = byName.get('http_requests_total') ?? [];
    const status = (v: MetricValue<string>) => String(v.labels.status_code ?? '');
    const buckets = new Map<number, number>();
    for (const v of byName.get('http_request_duration_seconds') ?? []) {
      if ((v as { metricName?: string }).metricName !== 'http_request_duration_seconds_bucket') continue;
      const le = v.labels.le === '+Inf' ? Infinity : Number(v.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + v.value);
    }
    const cache = byName.get('cache_lookups_total') ?? [];
    const cpu = process.cpuUsage();
    return {
      at,
      requests: sum(requests),
      serverErrors: sum(requests, (v) => status(v).startsWith('5')),
      clientErrors: sum(requests, (v) => status(v).startsWith('4')),
      buckets,
      cacheHits: sum(cache, (v) => v.labels.result === 'hit'),
      cacheMisses: sum(cache, (v) => v.labels.result === 'miss'),
      cpuMicros: cpu.user + cpu.system,
      wallNs: process.hrtime.bigint(),
    };
  }

  private record(name: string, t: number, v: number): void {
    let ring = this.series.get(name);
    if (!ring) {
      if (this.series.size >= MAX_SERIES && !(name in SERIES_CATALOG)) return;
      ring = new RingBuffer<Point>(this.config.values.monitoring.seriesCapacity);
      this.series.set(name, ring);
    }
    ring.push({ t, v: Math.round(v * 1e6) / 1e6 });
  }
}
