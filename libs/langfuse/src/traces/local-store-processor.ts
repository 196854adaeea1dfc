import { Context, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanRecord, toSpanRecord } from './span-record';

export interface SpanSink {
  write(records: SpanRecord[]): Promise<void>;
}

export interface LocalStoreObserver {
  exported(spans: number): void;
  dropped(spans: number): void;
  failed(spans: number, error: unknown): void;
}

export interface LocalStoreOptions {
  readonly maxQueueSize: number;
  readonly flushIntervalMs: number;
  /** Spans per database write. */
  readonly maxBatchSize?: number;
}

/**
 * Copies every finished (sampled) span into a bounded buffer and writes it to the database in
 * batches, off the request path. The tracer provider exists before Nest has opened the database,
 * so spans wait in the buffer until the store module attaches its sink.
 */
export class LocalStoreProcessor implements SpanProcessor {
  private buffer: SpanRecord[] = [];
  private sink: SpanSink | null = null;
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly batchSize: number;

  constructor(
    private readonly options: LocalStoreOptions,
    private readonly observer: LocalStoreObserver,
  ) {
    this.batchSize = options.maxBatchSize ?? 500;
  }

  get queued(): number {
    return this.buffer.length;
  }

  attach(sink: SpanSink): void {
    this.sink = sink;
    this.schedule();
  }

  /** Stops writing (the database is about to close); what is buffered stays until dropped. */
  detach(): void {
    this.sink = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.buffer.length >= this.options.maxQueueSize) {
      this.observer.dropped(1);
      return;
    }
    this.buffer.push(toSpanRecord(span));
    this.schedule();
  }

  private schedule(): void {
    if (!this.sink || this.timer || this.writing || this.buffer.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** Writes everything buffered now; concurrent callers share one write. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.sink || this.buffer.length === 0) return;
    const sink = this.sink;
    this.writing = (async () => {
      while (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, this.batchSize);
        try {
          await sink.write(batch);
          this.observer.exported(batch.length);
        } catch (err) {
          // A failing database must not grow the buffer forever: the batch is counted and dropped.
          this.observer.failed(batch.length, err);
        }
      }
    })().finally(() => {
      this.writing = null;
    });
    await this.writing;
  }

  async forceFlush(): Promise<void> {
    await this.flush();
  }

  async shutdown(): Promise<void> {
    await this.flush();
    this.detach();
    if (this.buffer.length > 0) this.observer.dropped(this.buffer.length);
    this.buffer = [];
  }
}
