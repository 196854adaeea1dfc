import type { INestApplication } from '@nestjs/common';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  Authenticator,
  getRequestPrincipal,
  matchesAnyPrefix,
  requestIdOf,
  routeTemplateOf,
  SecurityPolicy,
} from '@app/infrastructure';
import { acceptableId, TENANT_ID_KEY, TracingRuntime, USER_ID_KEY, withIdentity } from '@app/langfuse';
import { rootSpanOf, setRootSpan } from './root-span';
import { traceIdentityContext, traceTenantOf } from './trace-identity';

export const SESSION_HEADER = 'x-session-id';
export const TRACE_ID_HEADER = 'X-Trace-Id';

/**
 * Express middleware: one SERVER span per request, before routing, so every request has one
 * (404s, refused and rate-limited requests too). It continues the caller's W3C traceparent,
 * answers with the trace id (`traceparent` and `X-Trace-Id`), takes the session from
 * `X-Session-Id`, and runs the rest of the request inside the span's context, where domain code
 * finds it with `trace.getActiveSpan()` / `context.active()`.
 */
export function httpTracingMiddleware(runtime: TracingRuntime, ignorePaths: readonly string[] = []) {
  const tracer = runtime.tracer('gateway.http');
  return (req: Request, res: Response, next: NextFunction): void => {
    if (ignorePaths.length && matchesAnyPrefix(req.path, ignorePaths)) return next();
    const incoming = propagation.extract(ROOT_CONTEXT, req.headers);
    const sessionId = acceptableId(req.headers[SESSION_HEADER]);
    const parent = withIdentity(incoming, { sessionId });
    const span = tracer.startSpan(
      req.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          // The path only: a query string may carry things that have no business in a trace.
          'url.path': req.path,
          'request.id': requestIdOf(req),
        },
      },
      parent,
    );
    const ctx = trace.setSpan(parent, span);
    const { traceId, spanId, traceFlags } = span.spanContext();
    res.setHeader('traceparent', `00-${traceId}-${spanId}-0${traceFlags & 1}`);
    res.setHeader(TRACE_ID_HEADER, traceId);
    setRootSpan(req, { span, ctx });

    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const route = routeTemplateOf(req);
      const name = route === 'unmatched' ? req.method : `${req.method} ${route}`;
      span.updateName(name);
      span.setAttribute('langfuse.trace.name', name);
      if (route !== 'unmatched') span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (!res.writableFinished) span.setAttribute('http.request.aborted', true);
      // The identity interceptor set these before the handler ran; requests that never reached
      // it (refused by a guard after authenticating) get them here.
      const principal = getRequestPrincipal(req);
      const tenant = traceTenantOf(principal);
      if (tenant) span.setAttribute(TENANT_ID_KEY, tenant);
      const userId = principal && principal.authMethod !== 'anonymous' ? acceptableId(principal.id) : undefined;
      if (userId) span.setAttribute(USER_ID_KEY, userId);
      // Server spans: 5xx are errors of this service; 4xx are the caller's (OTel HTTP semconv).
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${res.statusCode}` });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(ctx, next);
  };
}

/**
 * Re-enters the request's trace context, marked with the caller's identity (traceIdentityContext).
 * Body parsing resumes from stream events, which run outside the AsyncLocalStorage context the
 * tracing middleware entered; placed after it, this puts the rest of the pipeline (guards,
 * handlers, services) back in the request's trace. Done here rather than in a Nest interceptor:
 * each global interceptor costs every request a promise, an AsyncResource and two observables.
 */
export function traceContextRebinder(authenticator: Authenticator, policy: SecurityPolicy) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const root = rootSpanOf(req);
    if (root) context.with(traceIdentityContext(req, root, authenticator, policy), next);
    else next();
  };
}

function runtimeOf(app: INestApplication): TracingRuntime | undefined {
  try {
    const runtime = app.get(TracingRuntime, { strict: false });
    return runtime.enabled ? runtime : undefined;
  } catch {
    return undefined;
  }
}

/** The root-span middleware, when tracing is on (place it early in the Express pipeline). */
export function httpTracing(app: INestApplication, ignorePaths: readonly string[]): RequestHandler | undefined {
  const runtime = runtimeOf(app);
  return runtime ? httpTracingMiddleware(runtime, ignorePaths) : undefined;
}

/** The context rebinder, when tracing is on (place it right after the body parser). */
export function traceContextRebind(app: INestApplication): RequestHandler | undefined {
  return runtimeOf(app) ? traceContextRebinder(app.get(Authenticator), app.get(SecurityPolicy)) : undefined;
}
