import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AttributeMasker } from '../masking/mask-attributes';

/**
 * First processor on the provider: masks a span's attributes, event attributes and status
 * message in place when it ends. The provider calls processors in order, so every later one
 * (local store, Langfuse, OTLP) only ever sees masked data.
 */
export class MaskingSpanProcessor implements SpanProcessor {
  constructor(private readonly masker: AttributeMasker) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.masker.maskInPlace(span.attributes);
    for (const event of span.events) if (event.attributes) this.masker.maskInPlace(event.attributes);
    const status = span.status as { message?: string };
    if (status.message) status.message = this.masker.maskString(status.message);
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
