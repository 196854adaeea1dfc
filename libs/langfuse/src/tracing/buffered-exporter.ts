import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

export interface BufferedExporterOptions {
  /** Spans waiting to be sent; when full, new spans are dropped (and counted). */
  readonly maxQueueSize: number;
  readonly maxBatchSize: number;
  /** Longest wait before a partial batch is sent. */
  readonly flushIntervalMs: number;
  /** Time bound of one export call, enforced here even if the inner exporter never answers. */
  readonly exportTimeoutMs: number;
  /** Time bound of the whole shutdown (last flush included); what is not sent by then is dropped. */
  readonly shutdownTimeoutMs: number;
}

export interface ExportObserver {
  exported(spans: number): void;
  failed(spans: number, error: Error | undefined): void;
  dropped(spans: number): void;
}

/**
 * A SpanExporter that accepts spans at once into a bounded queue and sends them to the real
 * exporter in batches, one request at a time, in the background.
 *
 * Why not the SDK's BatchSpanProcessor: LangfuseSpanProcessor wraps its own processor and does
 * not expose queue bounds, failures or the queue length; putting the bounding here (behind
 * LangfuseSpanProcessor's `exportMode: 'immediate'`, or a SimpleSpanProcessor for OTLP) gives
 * every backend the same guarantees: a request never waits for export, memory is
 * maxQueueSize + one batch in flight whatever the backend does (down, 500, hanging), and each
 * failed or dropped batch is reported to the observer.
 */
export class BufferedExporter implements SpanExporter {
  private queue: ReadableSpan[] = [];
  private inFlight: Promise<void> | null = null;
  /** Spans of the batch in flight; counted as dropped if shutdown gives up on it. */
  private inFlightSpans = 0;
  private abandoned = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private lostAtShutdown = 0;

  constructor(
    private readonly inner: SpanExporter,
    private readonly options: BufferedExporterOptions,
    private readonly observer: ExportObserver,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  /** Spans shutdown dropped because the backend did not take them within `shutdownTimeoutMs`. */
  get droppedAtShutdown(): number {
    return this.lostAtShutdown;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
      return;
    }
    const room = this.options.maxQueueSize - this.queue.length;
    if (room < spans.length) this.observer.dropped(spans.length - Math.max(room, 0));
    if (room > 0) this.queue.push(...spans.slice(0, room));
    this.schedule();
    // The span is safely queued (or counted as dropped): the caller never waits for the network.
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  private schedule(): void {
    if (this.inFlight) return;
    if (this.queue.length >= this.options.maxBatchSize) {
      void this.sendBatch();
      return;
    }
    if (this.queue.length > 0 && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.sendBatch();
      }, this.options.flushIntervalMs);
      this.timer.unref();
    }
  }

  private sendBatch(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue.splice(0, this.options.maxBatchSize);
    if (batch.length === 0) return Promise.resolve();
    this.inFlightSpans = batch.length;
    this.inFlight = this.exportWithTimeout(batch).finally(() => {
      this.inFlight = null;
      this.inFlightSpans = 0;
      if (!this.stopped) this.schedule();
    });
    return this.inFlight;
  }

  private exportWithTimeout(batch: ReadableSpan[]): Promise<void> {
    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = (result: ExportResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        // Shutdown already counted this batch as dropped.
        if (this.abandoned) return resolve();
        if (result.code === ExportResultCode.SUCCESS) this.observer.exported(batch.length);
        else this.observer.failed(batch.length, result.error);
        resolve();
      };
      const timeout = setTimeout(
        () =>
          finish({
            code: ExportResultCode.FAILED,
            error: new Error(`export timed out after ${this.options.exportTimeoutMs} ms`),
          }),
        this.options.exportTimeoutMs,
      );
      timeout.unref();
      try {
        this.inner.export(batch, finish);
      } catch (err) {
        finish({ code: ExportResultCode.FAILED, error: err as Error });
      }
    });
  }

  /**
   * Sends what is queued, batch after batch, for at most `budgetMs` (default: one export
   * timeout), so a dead backend cannot hold a shutdown for queue/batch x timeout.
   */
  async forceFlush(budgetMs = this.options.exportTimeoutMs): Promise<void> {
    const deadline = Date.now() + budgetMs;
    let rounds = Math.ceil(this.options.maxQueueSize / this.options.maxBatchSize) + 1;
    while ((this.inFlight || this.queue.length > 0) && rounds-- > 0) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      const expired = await Promise.race([
        (this.inFlight ?? this.sendBatch()).then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), left))),
      ]);
      clearTimeout(timer);
      if (expired) break;
    }
  }

  /**
   * Sends what is queued for at most `shutdownTimeoutMs` in all, so an unreachable backend cannot
   * hold the service's shutdown; spans still queued or in flight then are dropped and counted
   * (`droppedAtShutdown`, tracing_spans_dropped_total).
   */
  async shutdown(): Promise<void> {
    const deadline = Date.now() + this.options.shutdownTimeoutMs;
    await this.forceFlush(this.options.shutdownTimeoutMs);
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const lost = this.queue.length + (this.inFlight ? this.inFlightSpans : 0);
    this.abandoned = this.inFlight !== null;
    if (lost > 0) this.observer.dropped(lost);
    this.lostAtShutdown = lost;
    this.queue = [];
    // The inner exporter's own shutdown waits for its pending requests; do not let a hanging one hold us.
    const left = Math.max(0, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise((resolve) => (timer = setTimeout(resolve, left)));
    await Promise.race([this.inner.shutdown().catch(() => undefined), late]);
    clearTimeout(timer);
  }
}
