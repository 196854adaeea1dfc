import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BufferedExporter, BufferedExporterOptions, ExportObserver } from './buffered-exporter';

const span = (name: string) => ({ name }) as unknown as ReadableSpan;

class FakeExporter implements SpanExporter {
  batches: string[][] = [];
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  export(spans: ReadableSpan[], cb: (r: ExportResult) => void): void {
    this.batches.push(spans.map((s) => s.name));
    if (this.mode === 'ok') setImmediate(() => cb({ code: ExportResultCode.SUCCESS }));
    if (this.mode === 'fail') setImmediate(() => cb({ code: ExportResultCode.FAILED, error: new Error('500') }));
  }
  async shutdown(): Promise<void> {
    // Like OTLPTraceExporter: shutdown waits for the requests still pending.
    if (this.mode === 'hang') await new Promise(() => undefined);
  }
}

/** Buffer bounds of a test, with what it changes. */
const bounds = (overrides: Partial<BufferedExporterOptions>): BufferedExporterOptions => ({
  maxQueueSize: 100,
  maxBatchSize: 2,
  flushIntervalMs: 60_000,
  exportTimeoutMs: 1000,
  shutdownTimeoutMs: 1000,
  ...overrides,
});

function observer() {
  const counts = { exported: 0, failed: 0, dropped: 0 };
  const obs: ExportObserver = {
    exported: (n) => (counts.exported += n),
    failed: (n) => (counts.failed += n),
    dropped: (n) => (counts.dropped += n),
  };
  return { counts, obs };
}

describe('BufferedExporter', () => {
  it('answers at once and sends full batches in the background', async () => {
    const inner = new FakeExporter();
    const { counts, obs } = observer();
    const exp = new BufferedExporter(inner, bounds({}), obs);
    const results: number[] = [];
    for (const n of ['a', 'b', 'c']) exp.export([span(n)], (r) => results.push(r.code));
    expect(results).toEqual([ExportResultCode.SUCCESS, ExportResultCode.SUCCESS, ExportResultCode.SUCCESS]);
    await exp.forceFlush();
    expect(inner.batches).toEqual([['a', 'b'], ['c']]);
    expect(counts).toEqual({ exported: 3, failed: 0, dropped: 0 });
  });

  it('sends a partial batch after the flush interval', async () => {
    const inner = new FakeExporter();
    const exp = new BufferedExporter(inner, bounds({ maxBatchSize: 50, flushIntervalMs: 20 }), observer().obs);
    exp.export([span('a')], () => undefined);
    expect(inner.batches).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(inner.batches).toEqual([['a']]);
  });

  it('counts failed batches', async () => {
    const inner = new FakeExporter();
    inner.mode = 'fail';
    const { counts, obs } = observer();
    const exp = new BufferedExporter(inner, bounds({ flushIntervalMs: 10 }), obs);
    exp.export([span('a'), span('b'), span('c')], () => undefined);
    await exp.forceFlush();
    expect(counts.failed).toBe(3);
    expect(counts.exported).toBe(0);
  });

  it('with a hanging backend: times the export out, keeps one request in flight and drops beyond the queue bound', async () => {
    const inner = new FakeExporter();
    inner.mode = 'hang';
    const { counts, obs } = observer();
    const options = bounds({ maxQueueSize: 10, maxBatchSize: 5, flushIntervalMs: 10, exportTimeoutMs: 50 });
    const exp = new BufferedExporter(inner, options, obs);
    for (let i = 0; i < 100; i++) exp.export([span(`s${i}`)], () => undefined);
    // One batch of 5 left the queue for the (hanging) request, 10 wait, the rest were dropped.
    expect(inner.batches).toHaveLength(1);
    expect(exp.queued).toBe(10);
    expect(counts.dropped).toBe(85);
    await new Promise((r) => setTimeout(r, 80));
    expect(counts.failed).toBeGreaterThanOrEqual(5);
    expect(inner.batches.length).toBeGreaterThanOrEqual(2);
    await exp.shutdown();
    expect(exp.queued).toBe(0);
  });

  it('with an unreachable backend: shutdown ends within its bound and counts the spans it dropped', async () => {
    const inner = new FakeExporter();
    inner.mode = 'hang';
    const { counts, obs } = observer();
    const options = bounds({ maxBatchSize: 5, flushIntervalMs: 10, exportTimeoutMs: 10_000, shutdownTimeoutMs: 300 });
    const exp = new BufferedExporter(inner, options, obs);
    // 5 go out in a request that never answers; 2 wait behind it.
    exp.export([span('a'), span('b'), span('c'), span('d'), span('e'), span('f'), span('g')], () => undefined);
    expect(inner.batches).toHaveLength(1);
    const started = Date.now();
    await exp.shutdown();
    const tookMs = Date.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(250);
    expect(tookMs).toBeLessThan(1000);
    expect(exp.droppedAtShutdown).toBe(7);
    expect(counts).toEqual({ exported: 0, failed: 0, dropped: 7 });
  });

  it('with a healthy backend: shutdown sends what is queued and drops nothing', async () => {
    const inner = new FakeExporter();
    const { counts, obs } = observer();
    const exp = new BufferedExporter(inner, bounds({}), obs);
    exp.export([span('a'), span('b'), span('c')], () => undefined);
    await exp.shutdown();
    expect(inner.batches).toEqual([['a', 'b'], ['c']]);
    expect(exp.droppedAtShutdown).toBe(0);
    expect(counts).toEqual({ exported: 3, failed: 0, dropped: 0 });
  });
});
