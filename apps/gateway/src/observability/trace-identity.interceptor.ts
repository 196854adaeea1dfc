import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { getRequestPrincipal } from '@app/infrastructure';
import {
  acceptableId,
  identityOf,
  SESSION_ID_KEY,
  TENANT_ID_KEY,
  TracingRuntime,
  USER_ID_KEY,
  withIdentity,
} from '@app/langfuse';
import { rootSpanOf, traceTenantOf } from './http-tracing';

/**
 * Runs after the guards, when the principal is known and the body parsed: marks the request's
 * root span with the caller's tenant (before the handler starts any span, so every span it
 * starts inherits it), puts the user (and a `sessionId` from the body when no X-Session-Id
 * header was sent) into the trace's baggage and runs the handler inside it. Every span the
 * handler starts then carries `user.id` / `session.id`, and so does queued work, whose stored
 * carrier includes the baggage or whose trace the registry remembers.
 */
@Injectable()
export class TraceIdentityInterceptor implements NestInterceptor {
  constructor(private readonly runtime: TracingRuntime) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<{ body?: unknown }>();
    const root = rootSpanOf(req);
    if (!root) return next.handle();

    const principal = getRequestPrincipal(req);
    const tenant = traceTenantOf(principal);
    if (tenant) root.span.setAttribute(TENANT_ID_KEY, tenant);
    const userId = principal && principal.authMethod !== 'anonymous' ? acceptableId(principal.id) : undefined;
    const known = identityOf(root.ctx);
    const body = req.body;
    const isObject = body && typeof body === 'object' && !Array.isArray(body);
    const bodySession = isObject ? acceptableId((body as Record<string, unknown>).sessionId) : undefined;
    const sessionId = known.sessionId ?? bodySession;
    this.runtime.identities.remember(root.span.spanContext().traceId, tenant ?? null, { sessionId, userId });
    if (!userId && sessionId === known.sessionId) return next.handle();

    if (sessionId) root.span.setAttribute(SESSION_ID_KEY, sessionId);
    if (userId) root.span.setAttribute(USER_ID_KEY, userId);
    const handlerCtx = trace.setSpan(withIdentity(root.ctx, { sessionId, userId }), root.span);
    // The handler runs when the chain subscribes; subscribing inside the context puts the
    // handler and everything it awaits in it.
    return new Observable((subscriber) => context.with(handlerCtx, () => next.handle().subscribe(subscriber)));
  }
}
