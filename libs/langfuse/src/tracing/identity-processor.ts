import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { IdentityRegistry } from './identity-registry';
import { identityOf, SESSION_ID_KEY, USER_ID_KEY } from './trace-identity';

/**
 * Copies the session and user onto every span when it starts, so each observation (HTTP, queue
 * wait, model call) carries `session.id` / `user.id` and a backend can filter by them without
 * joining on the root. Source: the parent context's baggage, else the registry of recent traces
 * (queued work restored from a bare traceparent).
 */
export class IdentitySpanProcessor implements SpanProcessor {
  constructor(private readonly registry: IdentityRegistry) {}

  onStart(span: Span, parentContext: Context): void {
    const fromBaggage = identityOf(parentContext);
    const known = fromBaggage.sessionId && fromBaggage.userId ? undefined : this.registry.get(span.spanContext().traceId);
    const sessionId = fromBaggage.sessionId ?? known?.sessionId;
    const userId = fromBaggage.userId ?? known?.userId;
    if (sessionId && span.attributes[SESSION_ID_KEY] === undefined) span.setAttribute(SESSION_ID_KEY, sessionId);
    if (userId && span.attributes[USER_ID_KEY] === undefined) span.setAttribute(USER_ID_KEY, userId);
  }

  onEnd(_span: ReadableSpan): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
