import { context, propagation, trace, Tracer, TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ParentBasedSampler, SpanProcessor, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { getLangfuseTracerProvider, setLangfuseTracerProvider } from '@langfuse/tracing';
import type { AppConfig } from '@app/infrastructure';
import { AttributeMasker } from '../masking/mask-attributes';
import { configuredSecretValues } from '../masking/secret-values';
import { LocalStoreProcessor } from '../traces/local-store-processor';
import { ExportPipeline, langfuseConfigured, langfusePipeline, otlpPipeline } from './exporters';
import { IdentitySpanProcessor } from './identity-processor';
import { IdentityRegistry } from './identity-registry';
import { MaskingSpanProcessor } from './masking-processor';
import { TracingTelemetry } from '../langfuse.metrics';

// Bounds per span, so one huge prompt or a runaway loop cannot make a span unbounded in memory.
const SPAN_LIMITS = {
  attributeValueLengthLimit: 64 * 1024,
  attributeCountLimit: 256,
  eventCountLimit: 128,
  linkCountLimit: 32,
};

export interface GlobalRegistration {
  tracerProvider: boolean;
  contextManager: boolean;
  propagator: boolean;
}

/**
 * The service's tracing for one application instance: its own tracer provider, exporters and
 * local-store buffer. Created before Nest builds the app (so spans from module start-up are
 * kept) and shut down with the app (which releases the OpenTelemetry globals it registered, so
 * a second app in the same process, as in tests, starts cleanly).
 */
export class TracingRuntime {
  readonly telemetry = new TracingTelemetry();
  /** Session and user of recent traces, for spans of queued work that lost the baggage. */
  readonly identities = new IdentityRegistry();
  readonly provider: NodeTracerProvider | null;
  readonly localStore: LocalStoreProcessor | null;
  readonly pipelines: readonly ExportPipeline[];
  readonly masker: AttributeMasker;
  readonly registered: GlobalRegistration = { tracerProvider: false, contextManager: false, propagator: false };
  private contextManager: AsyncLocalStorageContextManager | null = null;
  private stopping: Promise<void> | null = null;

  constructor(readonly config: AppConfig) {
    const s = config.aiComponents.langfuse;
    this.masker = new AttributeMasker({ sensitiveKeys: s.sensitiveKeys, secretValues: configuredSecretValues(config) });
    if (!s.enabled) {
      this.provider = null;
      this.localStore = null;
      this.pipelines = [];
      return;
    }
    if (Boolean(s.publicKey) !== Boolean(s.secretKey)) {
      throw new Error('Tracing: LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY must be set together (or both left empty)');
    }
    const pipelines: ExportPipeline[] = [];
    if (langfuseConfigured(s)) pipelines.push(langfusePipeline(s, config.service.environment, this.telemetry));
    if (s.otlp.endpoint) pipelines.push(otlpPipeline(s, this.telemetry));
    this.pipelines = pipelines;
    this.localStore = s.store.enabled
      ? new LocalStoreProcessor(
          { maxQueueSize: s.store.maxQueueSize, flushIntervalMs: s.store.flushIntervalMs },
          this.telemetry.observer('local_store'),
        )
      : null;

    // Order matters: identity is added on start, masking runs first on end, so every later
    // processor (store, Langfuse, OTLP) sees only masked data.
    const processors: SpanProcessor[] = [
      new IdentitySpanProcessor(this.identities),
      new MaskingSpanProcessor(this.masker),
    ];
    if (this.localStore) processors.push(this.localStore);
    for (const p of pipelines) processors.push(p.processor);

    this.provider = new NodeTracerProvider({
      resource: resourceFromAttributes({
        'service.name': config.service.name,
        'deployment.environment.name': config.service.environment,
      }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(s.samplingRatio) }),
      spanLimits: SPAN_LIMITS,
      spanProcessors: processors,
    });
    this.registerGlobals(this.provider);
  }

  get enabled(): boolean {
    return this.provider !== null;
  }

  get stopped(): boolean {
    return this.stopping !== null;
  }

  /** A tracer of the service's own provider (even when host instrumentation owns the global one). */
  tracer(name: string): Tracer {
    return (this.provider ?? trace.getTracerProvider()).getTracer(name);
  }

  /**
   * Registers what domain code relies on: the AsyncLocalStorage context manager, the W3C
   * traceparent + baggage propagator, this provider behind `trace.getTracer()`, and the same
   * provider for @langfuse/tracing. The OpenTelemetry API refuses a second registration; when
   * the host process already registered its own (e.g. an auto-instrumentation agent), that one
   * stays, and only @langfuse/tracing and the HTTP spans use this provider directly.
   */
  private registerGlobals(provider: TracerProvider): void {
    const manager = new AsyncLocalStorageContextManager().enable();
    this.registered.contextManager = context.setGlobalContextManager(manager);
    if (this.registered.contextManager) this.contextManager = manager;
    else manager.disable();
    this.registered.propagator = propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    this.registered.tracerProvider = trace.setGlobalTracerProvider(provider);
    setLangfuseTracerProvider(provider);
  }

  /** Pushes what is buffered to the local store and the exporters (each bounded by its timeout). */
  async forceFlush(): Promise<void> {
    await this.provider?.forceFlush();
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  private async stop(): Promise<void> {
    if (!this.provider) return;
    if (getLangfuseTracerProvider() === this.provider) setLangfuseTracerProvider(null);
    if (this.registered.tracerProvider) trace.disable();
    if (this.registered.propagator) propagation.disable();
    try {
      await this.provider.shutdown();
      const budgetMs = this.config.aiComponents.langfuse.export.shutdownTimeoutMs;
      for (const { backend, buffer } of this.pipelines) {
        if (buffer.droppedAtShutdown > 0) this.telemetry.droppedAtShutdown(backend, buffer.droppedAtShutdown, budgetMs);
      }
    } finally {
      // After the provider: spans ending during its shutdown still find their context.
      if (this.registered.contextManager) {
        context.disable();
        this.contextManager?.disable();
      }
    }
  }
}

const runtimes = new WeakMap<AppConfig, TracingRuntime>();

/**
 * The tracing runtime for one configuration object: started on first call (the gateway's
 * bootstrap calls it before creating the app), the same instance afterwards (the Nest module
 * asks again). A runtime that was shut down is replaced by a fresh one.
 */
export function startTracing(config: AppConfig): TracingRuntime {
  const existing = runtimes.get(config);
  if (existing && !existing.stopped) return existing;
  const runtime = new TracingRuntime(config);
  runtimes.set(config, runtime);
  return runtime;
}
