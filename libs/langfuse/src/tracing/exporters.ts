import { LANGFUSE_SDK_VERSION } from '@langfuse/core';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { SimpleSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LangfuseSettings } from '@app/infrastructure';
import { BufferedExporter } from './buffered-exporter';
import type { TracingTelemetry } from '../langfuse.metrics';

export interface ExportPipeline {
  readonly backend: 'langfuse' | 'otlp';
  readonly target: string;
  readonly processor: SpanProcessor;
  readonly buffer: BufferedExporter;
}

export const LANGFUSE_OTEL_PATH = '/api/public/otel/v1/traces';

function bufferOptions(s: LangfuseSettings) {
  return {
    maxQueueSize: s.export.maxQueueSize,
    maxBatchSize: Math.min(s.export.maxBatchSize, s.export.maxQueueSize),
    flushIntervalMs: s.export.flushIntervalMs,
    exportTimeoutMs: s.export.timeoutMs,
    shutdownTimeoutMs: s.export.shutdownTimeoutMs,
  };
}

export function langfuseConfigured(s: LangfuseSettings): boolean {
  return Boolean(s.publicKey && s.secretKey);
}

/**
 * Langfuse through its own span processor (trace/observation mapping, environment, app-root
 * marking) with two deliberate overrides:
 * - `shouldExportSpan: () => true`: the default keeps only spans it recognises as LLM spans, and
 *   the service's own HTTP, queue and execution spans must reach Langfuse too;
 * - our exporter: the same OTLP/HTTP request the SDK would build (URL, Basic auth, SDK headers),
 *   behind BufferedExporter so queue bounds and failure counts are ours. `exportMode:
 *   'immediate'` hands each span straight to that buffer instead of a second batch queue.
 */
export function langfusePipeline(
  s: LangfuseSettings,
  environment: string,
  telemetry: TracingTelemetry,
): ExportPipeline {
  const baseUrl = s.baseUrl.replace(/\/+$/, '');
  const otlp = new OTLPTraceExporter({
    url: `${baseUrl}${LANGFUSE_OTEL_PATH}`,
    headers: {
      Authorization: `Basic ${Buffer.from(`${s.publicKey}:${s.secretKey}`).toString('base64')}`,
      'x-langfuse-sdk-name': 'javascript',
      'x-langfuse-sdk-version': LANGFUSE_SDK_VERSION,
      'x-langfuse-public-key': s.publicKey,
    },
    timeoutMillis: s.export.timeoutMs,
  });
  const buffer = new BufferedExporter(otlp, bufferOptions(s), telemetry.observer('langfuse'));
  const processor = new LangfuseSpanProcessor({
    exporter: buffer,
    exportMode: 'immediate',
    publicKey: s.publicKey,
    secretKey: s.secretKey,
    baseUrl,
    environment: /^(?!langfuse)[a-z0-9_-]{1,40}$/.test(environment) ? environment : undefined,
    shouldExportSpan: () => true,
    // Media upload would make extra calls to Langfuse from the request's span end; not wanted.
    mediaUploadEnabled: false,
  });
  return { backend: 'langfuse', target: baseUrl, processor, buffer };
}

/** `k=v,k2=v2` with URL-encoded values, as OTEL_EXPORTER_OTLP_HEADERS is specified. */
export function parseOtlpHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // Keep the raw value when it is not valid percent-encoding.
    }
    if (key) headers[key] = value;
  }
  return headers;
}

/** Any OTLP/HTTP backend (collector, Jaeger, Tempo): OTLP JSON to `<endpoint>/v1/traces`. */
export function otlpPipeline(s: LangfuseSettings, telemetry: TracingTelemetry): ExportPipeline {
  const base = s.otlp.endpoint.replace(/\/+$/, '');
  const url = base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
  const otlp = new OTLPTraceExporter({
    url,
    headers: parseOtlpHeaders(s.otlp.headers),
    timeoutMillis: s.export.timeoutMs,
  });
  const buffer = new BufferedExporter(otlp, bufferOptions(s), telemetry.observer('otlp'));
  return { backend: 'otlp', target: url, processor: new SimpleSpanProcessor(buffer), buffer };
}
