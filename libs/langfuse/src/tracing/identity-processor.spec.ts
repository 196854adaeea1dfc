import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { IdentitySpanProcessor } from './identity-processor';
import { IdentityRegistry } from './identity-registry';

describe('IdentitySpanProcessor', () => {
  const exporter = new InMemorySpanExporter();
  const registry = new IdentityRegistry();
  const provider = new BasicTracerProvider({
    spanProcessors: [new IdentitySpanProcessor(registry), new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('unit');
  const attributesOf = (name: string) => exporter.getFinishedSpans().find((s) => s.name === name)?.attributes;
  const remote = (traceId: string) =>
    trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: 'b'.repeat(16), traceFlags: 1, isRemote: true });

  afterEach(() => exporter.reset());

  it('gives a child the tenant of its parent in this process, unless it names its own', () => {
    const root = tracer.startSpan('root', { attributes: { 'tenant.id': 't1' } });
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    tracer.startSpan('child', {}, ctx).end();
    tracer.startSpan('own', { attributes: { 'tenant.id': 't2' } }, ctx).end();
    const grandchildCtx = trace.setSpan(ctx, tracer.startSpan('middle', {}, ctx));
    tracer.startSpan('grandchild', {}, grandchildCtx).end();
    trace.getSpan(grandchildCtx)?.end();
    root.end();
    expect(attributesOf('child')?.['tenant.id']).toBe('t1');
    expect(attributesOf('own')?.['tenant.id']).toBe('t2');
    expect(attributesOf('grandchild')?.['tenant.id']).toBe('t1');
  });

  it('gives no tenant to a span whose parent is in another process (a caller’s traceparent)', () => {
    tracer.startSpan('continued', {}, remote('c'.repeat(32))).end();
    expect(attributesOf('continued')?.['tenant.id']).toBeUndefined();
  });

  it('restores session and user from the registry of the span’s own tenant only', () => {
    const traceId = 'd'.repeat(32);
    registry.remember(traceId, 't1', { sessionId: 'alice-chat', userId: 'alice' });
    registry.remember(traceId, 't2', { sessionId: 'bob-chat', userId: 'bob' });
    tracer.startSpan('t1.work', { attributes: { 'tenant.id': 't1' } }, remote(traceId)).end();
    tracer.startSpan('t2.work', { attributes: { 'tenant.id': 't2' } }, remote(traceId)).end();
    tracer.startSpan('no.tenant', {}, remote(traceId)).end();
    expect(attributesOf('t1.work')).toMatchObject({ 'session.id': 'alice-chat', 'user.id': 'alice' });
    expect(attributesOf('t2.work')).toMatchObject({ 'session.id': 'bob-chat', 'user.id': 'bob' });
    expect(attributesOf('no.tenant')?.['user.id']).toBeUndefined();
  });

  it('never takes the tenant from baggage, which a caller can send', () => {
    const baggage = propagation.createBaggage({ 'tenant.id': { value: 't1' } });
    tracer.startSpan('spoofed', {}, propagation.setBaggage(ROOT_CONTEXT, baggage)).end();
    expect(attributesOf('spoofed')?.['tenant.id']).toBeUndefined();
  });
});
