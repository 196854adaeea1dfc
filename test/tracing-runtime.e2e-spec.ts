import request from 'supertest';
import { context, propagation, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createTestApp } from './support/create-test-app';
import { CaptureServer } from './support/observability-capture';
import { TracingFixtureController } from './support/observability-fixture.controller';

// Tracing is process-global (OpenTelemetry's registered provider, context manager and
// propagator). These tests show one app's set-up does not leak into the next, that a host's own
// provider is left alone, and that tracing can be switched off.

const SPANS = '/api/v1/test-fixtures/tracing/spans';
const one = { spans: [{ name: 'fixture.work', durationMs: 1 }] };

describe('tracing runtime lifecycle', () => {
  it('releases the globals on close: a second app in the same process exports to its own backend only', async () => {
    const first = await new CaptureServer().start();
    const second = await new CaptureServer().start();
    try {
      const a = await createTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: first.url, TRACING_EXPORT_INTERVAL_MS: '20' }, [
        TracingFixtureController,
      ]);
      const ta = (await request(a.http).post(SPANS).send(one).expect(201)).headers['x-trace-id'];
      await a.close(); // flushes to `first`
      expect(
        first
          .spans()
          .filter((s) => s.traceId === ta)
          .map((s) => s.name)
          .sort(),
      ).toEqual(['POST /api/v1/test-fixtures/tracing/spans', 'fixture.work']);
      // Nothing of the first app stays registered.
      expect(trace.getActiveSpan()).toBeUndefined();
      expect(trace.getTracerProvider().getTracer('x').startSpan('probe').isRecording()).toBe(false);

      const b = await createTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: second.url, TRACING_EXPORT_INTERVAL_MS: '20' }, [
        TracingFixtureController,
      ]);
      const tb = (await request(b.http).post(SPANS).send(one).expect(201)).headers['x-trace-id'];
      await b.close();
      expect(
        second
          .spans()
          .filter((s) => s.traceId === tb)
          .map((s) => s.name)
          .sort(),
      ).toEqual(['POST /api/v1/test-fixtures/tracing/spans', 'fixture.work']);
      expect(first.spans().some((s) => s.traceId === tb)).toBe(false);
    } finally {
      await first.stop();
      await second.stop();
    }
  }, 30_000);

  it("leaves a provider the host registered first in place; HTTP spans still reach the service's exporters", async () => {
    const capture = await new CaptureServer().start();
    const hostSpans = new InMemorySpanExporter();
    const host = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(hostSpans)] });
    expect(trace.setGlobalTracerProvider(host)).toBe(true);
    try {
      const app = await createTestApp(
        { OTEL_EXPORTER_OTLP_ENDPOINT: capture.url, TRACING_EXPORT_INTERVAL_MS: '20', AUTH_DISABLED: 'true' },
        [TracingFixtureController],
      );
      const status = await request(app.http).get('/status').expect(200);
      expect(status.body.data.components.langfuse.details.globalTracerProvider).toBe('host (already registered)');
      const traceId = (await request(app.http).post(SPANS).send(one).expect(201)).headers['x-trace-id'];
      await app.close();
      // The service's own root span went to its exporter; domain spans made through the global
      // API went to the host's provider, in the same trace.
      expect(
        capture
          .spans()
          .filter((s) => s.traceId === traceId)
          .map((s) => s.name),
      ).toEqual(['POST /api/v1/test-fixtures/tracing/spans']);
      expect(hostSpans.getFinishedSpans().map((s) => [s.name, s.spanContext().traceId])).toEqual([
        ['fixture.work', traceId],
      ]);
      // Closing the app did not unregister the host's provider.
      expect(trace.getTracerProvider().getTracer('x').startSpan('probe').isRecording()).toBe(true);
    } finally {
      trace.disable();
      await host.shutdown();
      await capture.stop();
    }
  }, 30_000);

  it('TRACING_ENABLED=false: no provider, no trace header, component disabled, empty store', async () => {
    const app = await createTestApp({ TRACING_ENABLED: 'false' }, [TracingFixtureController]);
    try {
      const res = await request(app.http).post(SPANS).send(one).expect(201);
      expect(res.headers['x-trace-id']).toBeUndefined();
      expect(res.body.data.traceId).toBeNull();
      const status = await request(app.http).get('/status').expect(200);
      expect(status.body.data.components.langfuse.state).toBe('disabled');
      const traces = await request(app.http).get('/api/v1/observability/traces').expect(200);
      expect(traces.body.data.items).toEqual([]);
      // Propagation stays a no-op: nothing was registered.
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      expect(carrier).toEqual({});
    } finally {
      await app.close();
    }
  }, 30_000);

  it('TRACING_SAMPLE_RATIO=0: unsampled traces still get an id but are neither stored nor exported; a sampled caller wins', async () => {
    const capture = await new CaptureServer().start();
    const app = await createTestApp(
      { TRACING_SAMPLE_RATIO: '0', OTEL_EXPORTER_OTLP_ENDPOINT: capture.url, TRACING_EXPORT_INTERVAL_MS: '20' },
      [TracingFixtureController],
    );
    try {
      const dropped = await request(app.http).post(SPANS).send(one).expect(201);
      expect(dropped.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      const callerTrace = 'c'.repeat(32);
      const kept = await request(app.http)
        .post(SPANS)
        .set('traceparent', `00-${callerTrace}-${'d'.repeat(16)}-01`)
        .send(one)
        .expect(201);
      expect(kept.headers.traceparent).toMatch(new RegExp(`^00-${callerTrace}-[0-9a-f]{16}-01$`));
      const ids = (await request(app.http).get('/api/v1/observability/traces').expect(200)).body.data.items.map(
        (i: { id: string }) => i.id,
      );
      expect(ids).toEqual([callerTrace]);
    } finally {
      await app.close();
      await capture.stop();
    }
    expect(new Set(capture.spans().map((s) => s.traceId))).toEqual(new Set(['c'.repeat(32)]));
  }, 30_000);
});
