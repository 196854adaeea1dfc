import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { toSpanRecord } from './span-record';

describe('toSpanRecord', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('unit');
  afterEach(() => exporter.reset());

  it('copies identity, timings, gen_ai usage and cache flag', () => {
    const start = Date.now();
    const span = tracer.startSpan('gen', {
      kind: SpanKind.CLIENT,
      startTime: start,
      attributes: {
        'session.id': 's1',
        'user.id': 'u1',
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'm',
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 3,
        'task.cache_hit': true,
      },
    });
    span.end(start + 42);
    const r = toSpanRecord(exporter.getFinishedSpans()[0]);
    expect(r).toMatchObject({
      name: 'gen',
      kind: 'client',
      scope: 'unit',
      durationMs: 42,
      status: 'unset',
      sessionId: 's1',
      userId: 'u1',
      operation: 'chat',
      model: 'm',
      inputTokens: 12,
      outputTokens: 3,
      cacheHit: true,
      parentSpanId: null,
      parentRemote: false,
    });
    expect(r.endTime.getTime() - r.startTime.getTime()).toBe(42);
  });

  it('reads Langfuse usage details and error level, and a remote parent', () => {
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      traceFlags: 1,
      isRemote: true,
    });
    const span = tracer.startSpan(
      'obs',
      {
        attributes: {
          'langfuse.observation.usage_details': '{"input":7,"output":2}',
          'langfuse.observation.model.name': 'lf-model',
          'langfuse.observation.level': 'ERROR',
        },
      },
      parent,
    );
    span.end();
    const r = toSpanRecord(exporter.getFinishedSpans()[0]);
    expect(r).toMatchObject({
      traceId: 'a'.repeat(32),
      parentSpanId: 'b'.repeat(16),
      parentRemote: true,
      model: 'lf-model',
      inputTokens: 7,
      outputTokens: 2,
      status: 'error',
    });
  });

  it('keeps the status message and exception events, and cuts oversized attributes', () => {
    const span = tracer.startSpan('big', { attributes: { blob: 'x'.repeat(200_000), small: 'ok' } });
    span.recordException(new Error('nope'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'nope' });
    span.end();
    const r = toSpanRecord(exporter.getFinishedSpans()[0]);
    expect(r.status).toBe('error');
    expect(r.statusMessage).toBe('nope');
    expect(r.events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.message': 'nope' } });
    expect((r.attributes.blob as string).length).toBeLessThan(3000);
    expect(r.attributes.small).toBe('ok');
  });
});
