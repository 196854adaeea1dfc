import type { Counter } from 'prom-client';
import type { BaseLogger, BasePerformance } from '@app/infrastructure';

/** Where spans (or scores) leave the process. */
export type ExportBackend = 'langfuse' | 'otlp' | 'local_store' | 'langfuse_scores';

interface Counts {
  exported: number;
  failures: number;
  dropped: number;
  /** Outcome of the latest attempt: a backend that failed and has not succeeded since is degraded. */
  last: 'exported' | 'failed' | null;
}

// A dead backend fails every batch; one warning per backend per minute is enough to notice.
const WARN_EVERY_MS = 60_000;

/**
 * Export outcomes per backend. The tracer provider starts before Nest (and so before the
 * metrics registry exists); counts made before `bind` are carried into the Prometheus series
 * when it is bound, so no failure goes uncounted.
 */
export class TracingTelemetry {
  private readonly counts = new Map<ExportBackend, Counts>();
  private failuresCounter?: Counter<'backend'>;
  private droppedCounter?: Counter<'backend'>;
  private exportedCounter?: Counter<'backend'>;
  private logger?: BaseLogger;
  private readonly lastWarn = new Map<ExportBackend, number>();

  bind(performance: BasePerformance, logger: BaseLogger): void {
    this.logger = logger;
    this.failuresCounter = performance.counter({
      name: 'tracing_export_failures_total',
      help:
        'Failed trace export attempts (one per batch or score), by backend: ' +
        'langfuse, otlp, local_store, langfuse_scores',
      labelNames: ['backend'] as const,
    });
    this.droppedCounter = performance.counter({
      name: 'tracing_spans_dropped_total',
      help: 'Spans dropped because a backend queue was full (or still queued at shutdown), by backend',
      labelNames: ['backend'] as const,
    });
    this.exportedCounter = performance.counter({
      name: 'tracing_spans_exported_total',
      help: 'Spans accepted by a backend, by backend',
      labelNames: ['backend'] as const,
    });
    for (const [backend, c] of this.counts) {
      if (c.failures) this.failuresCounter.inc({ backend }, c.failures);
      if (c.dropped) this.droppedCounter.inc({ backend }, c.dropped);
      if (c.exported) this.exportedCounter.inc({ backend }, c.exported);
    }
  }

  snapshot(): Record<string, Counts> {
    return Object.fromEntries([...this.counts].map(([k, v]) => [k, { ...v }]));
  }

  exported(backend: ExportBackend, spans: number): void {
    const c = this.of(backend);
    c.exported += spans;
    c.last = 'exported';
    this.exportedCounter?.inc({ backend }, spans);
  }

  failed(backend: ExportBackend, items: number, error: unknown): void {
    const c = this.of(backend);
    c.failures += 1;
    c.last = 'failed';
    this.failuresCounter?.inc({ backend });
    const now = Date.now();
    if (this.logger && now - (this.lastWarn.get(backend) ?? 0) >= WARN_EVERY_MS) {
      this.lastWarn.set(backend, now);
      this.logger.warn(
        { backend, items, err: error instanceof Error ? error.message : String(error) },
        `Trace export to ${backend} failed; requests are unaffected`,
      );
    }
  }

  dropped(backend: ExportBackend, spans: number): void {
    this.of(backend).dropped += spans;
    this.droppedCounter?.inc({ backend }, spans);
  }

  /** One line per backend that shutdown gave up on: the spans it dropped and the bound it kept. */
  droppedAtShutdown(backend: ExportBackend, items: number, shutdownTimeoutMs: number): void {
    const within = `within ${shutdownTimeoutMs} ms`;
    const message =
      backend === 'langfuse_scores'
        ? `Tracing shutdown: ${items} score(s) not confirmed by Langfuse ${within}; left pending`
        : `Tracing shutdown: ${items} span(s) not sent to ${backend} ${within} (backend unreachable); dropped`;
    this.logger?.warn({ backend, items, shutdownTimeoutMs }, message);
  }

  /** The observer shape BufferedExporter and LocalStoreProcessor report to. */
  observer(backend: ExportBackend) {
    return {
      exported: (n: number) => this.exported(backend, n),
      failed: (n: number, err: unknown) => this.failed(backend, n, err),
      dropped: (n: number) => this.dropped(backend, n),
    };
  }

  private of(backend: ExportBackend): Counts {
    let c = this.counts.get(backend);
    if (!c) this.counts.set(backend, (c = { exported: 0, failures: 0, dropped: 0, last: null }));
    return c;
  }
}
