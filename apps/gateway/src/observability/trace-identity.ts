import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Context, trace } from '@opentelemetry/api';
import type { Request } from 'express';
import { ANONYMOUS_ADMIN, Authenticator, isSystemAdmin, SecurityPolicy, type Principal } from '@app/infrastructure';
import {
  acceptableId,
  identityOf,
  SESSION_ID_KEY,
  TENANT_ID_KEY,
  TracingRuntime,
  USER_ID_KEY,
  withIdentity,
} from '@app/langfuse';
import { rootSpanOf, type RootSpan } from './root-span';

/** Who and whose a request's trace is, as its credentials, X-Session-Id and body say. */
interface TraceIdentity {
  tenant?: string;
  userId?: string;
  sessionId?: string;
  /** Whether the identity adds to what the root context's baggage already holds. */
  adds: boolean;
}

const IDENTITY = Symbol('observability.trace-identity');
type IdentifiedRequest = Request & { [IDENTITY]?: TraceIdentity };

/**
 * The tenant a request's trace belongs to: the caller's. Nobody authenticated (an open route
 * with auth enforced, a 401, an unknown URL) means no tenant: only the system admin sees the
 * trace. With auth off, the anonymous system admin acts in its tenant (`default`), as its tasks
 * and memories do.
 */
export function traceTenantOf(principal: Principal | undefined): string | undefined {
  if (!principal) return undefined;
  if (principal.authMethod === 'anonymous' && !isSystemAdmin(principal)) return undefined;
  return principal.tenant;
}

/**
 * The context the rest of a request runs in (entered by the rebinder after the body is read): its
 * root span's, with the user (and a `sessionId` from the body when no X-Session-Id header was
 * sent) in the trace's baggage. Every span the handler starts then carries `user.id` /
 * `session.id`, and so does queued work, whose stored carrier includes the baggage.
 *
 * The caller is whom the credentials name: the principal AuthGuard attaches, read from the same
 * per-request result. The root span is marked only once a route takes the request
 * (TraceIdentityGuard): an unknown URL's trace belongs to no tenant.
 */
export function traceIdentityContext(
  req: Request,
  root: RootSpan,
  authenticator: Authenticator,
  policy: SecurityPolicy,
): Context {
  const principal = policy.enforced ? identified(authenticator, req) : ANONYMOUS_ADMIN;
  const userId = principal && principal.authMethod !== 'anonymous' ? acceptableId(principal.id) : undefined;
  const known = identityOf(root.ctx);
  const body: unknown = req.body;
  const isObject = body && typeof body === 'object' && !Array.isArray(body);
  const bodySession = isObject ? acceptableId((body as Record<string, unknown>).sessionId) : undefined;
  const sessionId = known.sessionId ?? bodySession;
  const adds = Boolean(userId) || sessionId !== known.sessionId;
  (req as IdentifiedRequest)[IDENTITY] = { tenant: traceTenantOf(principal), userId, sessionId, adds };
  return adds ? trace.setSpan(withIdentity(root.ctx, { sessionId, userId }), root.span) : root.ctx;
}

function identified(authenticator: Authenticator, req: Request): Principal | undefined {
  const result = authenticator.identify(req);
  return result.kind === 'ok' ? result.principal : undefined;
}

/**
 * Marks the root span of a request a route has taken with the caller's tenant (before the
 * handler starts any span, so every span it starts inherits it) and identity, and remembers them
 * for queued work restored from a bare traceparent. It never refuses: it is a guard because guards
 * run after routing and before the handler, and a synchronous guard costs a call where a global
 * interceptor costs every request a promise, an AsyncResource and two observables. It reads what
 * the credentials say, so its place among the guards does not matter; a request a later guard
 * refuses gets the same marks when its span ends.
 */
@Injectable()
export class TraceIdentityGuard implements CanActivate {
  constructor(private readonly runtime: TracingRuntime) {}

  canActivate(context: ExecutionContext): true {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<IdentifiedRequest>();
    const root = rootSpanOf(req);
    const identity = req[IDENTITY];
    if (!root || !identity) return true;
    const { tenant, userId, sessionId } = identity;
    if (tenant) root.span.setAttribute(TENANT_ID_KEY, tenant);
    this.runtime.identities.remember(root.span.spanContext().traceId, tenant ?? null, { sessionId, userId });
    if (!identity.adds) return true;
    if (sessionId) root.span.setAttribute(SESSION_ID_KEY, sessionId);
    if (userId) root.span.setAttribute(USER_ID_KEY, userId);
    return true;
  }
}
