import { trace, type AttributeValue, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { IdentityRegistry } from './identity-registry';
import { acceptableId, identityOf, SESSION_ID_KEY, TENANT_ID_KEY, USER_ID_KEY } from './trace-identity';

/** The parent's `tenant.id` when the parent is a span of this process (remote parents carry no attributes). */
function parentTenant(parentContext: Context): AttributeValue | undefined {
  const parent = trace.getSpan(parentContext) as Partial<ReadableSpan> | undefined;
  return parent?.attributes?.[TENANT_ID_KEY];
}

/**
 * Puts who and whose on every span when it starts, so each observation (HTTP, queue wait, model
 * call) carries them and a backend can filter without joining on the root:
 * - `tenant.id`: kept if the code that started the span set it, else the in-process parent's;
 * - `session.id` / `user.id`: from the parent context's baggage, else the registry of recent
 *   traces of that tenant (queued work restored from a bare traceparent).
 */
export class IdentitySpanProcessor implements SpanProcessor {
  constructor(private readonly registry: IdentityRegistry) {}

  onStart(span: Span, parentContext: Context): void {
    let tenant = acceptableId(span.attributes[TENANT_ID_KEY]);
    if (span.attributes[TENANT_ID_KEY] === undefined) {
      tenant = acceptableId(parentTenant(parentContext));
      if (tenant) span.setAttribute(TENANT_ID_KEY, tenant);
    }
    const fromBaggage = identityOf(parentContext);
    const complete = fromBaggage.sessionId && fromBaggage.userId;
    const known = complete ? undefined : this.registry.get(span.spanContext().traceId, tenant ?? null);
    const sessionId = fromBaggage.sessionId ?? known?.sessionId;
    const userId = fromBaggage.userId ?? known?.userId;
    if (sessionId && span.attributes[SESSION_ID_KEY] === undefined) span.setAttribute(SESSION_ID_KEY, sessionId);
    if (userId && span.attributes[USER_ID_KEY] === undefined) span.setAttribute(USER_ID_KEY, userId);
  }

  onEnd(_span: ReadableSpan): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
