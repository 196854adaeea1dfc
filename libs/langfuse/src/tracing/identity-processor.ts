import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { identityOf, SESSION_ID_KEY, USER_ID_KEY } from './trace-identity';

/**
 * Copies the session and user from the parent context's baggage onto every span when it starts,
 * so each observation (HTTP, queue wait, model call) carries `session.id` / `user.id` and a
 * backend can filter by them without joining on the root.
 */
export class IdentitySpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const { sessionId, userId } = identityOf(parentContext);
    if (sessionId && span.attributes[SESSION_ID_KEY] === undefined) span.setAttribute(SESSION_ID_KEY, sessionId);
    if (userId && span.attributes[USER_ID_KEY] === undefined) span.setAttribute(USER_ID_KEY, userId);
  }

  onEnd(_span: ReadableSpan): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
