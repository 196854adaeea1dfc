import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { httpTracing, traceContextRebind } from '../observability/http-tracing';
import { fixedHeaders } from './fixed-headers';
import { jsonBodyRouter } from './json-body-routes';
import { middlewareChain } from './middleware-chain';
import { refuseUndecodablePaths } from './undecodable-path';
import {
  AppConfig,
  AppError,
  BaseErrorHandler,
  BaseLogger,
  BasePerformance,
  BaseResponse,
  CoreLogger,
  HttpAuditRecorder,
  LifecycleService,
  SecurityPolicy,
  createRequestLogger,
  httpMetricsMiddleware,
  installJsonResponses,
  writeErrorResponse,
} from '@app/infrastructure';

/**
 * Express-level pieces that run before Nest's router, in order: request id + access log,
 * metrics, security headers, CORS, drain refusal, JSON body parsing (with its own error handler,
 * since body-parser fails before any Nest filter can see the request).
 */
export function installHttpPipeline(app: INestApplication, config: AppConfig): void {
  const logger = app.get(BaseLogger);
  const errorDeps = { errors: app.get(BaseErrorHandler), response: app.get(BaseResponse), logger };
  const lifecycle = app.get(LifecycleService);
  const expressApp = app.getHttpAdapter().getInstance() as express.Express;

  expressApp.set('trust proxy', trustProxySetting(config.service.trustProxy));
  expressApp.disable('x-powered-by');
  // Express hashes every response body for a weak ETag; the API's answers are live state that no
  // client revalidates, and a task's 80 KB result cost a SHA-1 on the main thread per answer.
  expressApp.set('etag', false);
  // A task's result made on its worker thread is sent as the text the worker made, not stringified again.
  installJsonResponses(expressApp);

  // Each group runs as one Express layer (middleware-chain.ts); CORS, when configured, is Nest's own.
  const beforeCors: Array<RequestHandler | undefined> = [
    logger instanceof CoreLogger ? createRequestLogger(logger.pino, logger.redactor) : undefined,
    // Before anything that can refuse a request, so every 401/403 and write reaches the audit trail.
    app.get(HttpAuditRecorder).middleware,
    // One root span per request (after the request id exists, before anything can refuse it).
    httpTracing(app, config.aiComponents.langfuse.ignorePaths),
    // The allow-list also runs here, not only as a guard, so /docs and unknown URLs are covered.
    ipAllowlist(app.get(SecurityPolicy), errorDeps),
    config.monitoring.metricsEnabled ? httpMetricsMiddleware(app.get(BasePerformance)) : undefined,
    fixedHeaders(
      helmet({
        // Swagger UI loads its own inline script and styles; everything else stays strict.
        contentSecurityPolicy: {
          directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
        },
        strictTransportSecurity: Boolean(config.service.tls.certPath),
      }),
    ),
  ];
  app.use(middlewareChain(beforeCors.filter(isHandler)));
  if (config.security.corsOrigins.length) {
    app.enableCors({
      origin: config.security.corsOrigins.includes('*') ? true : config.security.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'X-API-Key',
        'X-Request-Id',
        'X-Session-Id',
        'traceparent',
        'tracestate',
      ],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'Location', 'traceparent', 'X-Trace-Id'],
      maxAge: 600,
    });
  }
  const afterCors: Array<RequestHandler | undefined> = [
    drainRefusal(lifecycle, errorDeps),
    refuseUndecodablePaths,
    jsonBodyRouter(app, config),
    traceContextRebind(app),
  ];
  app.use(middlewareChain(afterCors.filter(isHandler)));
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    writeErrorResponse(err, req, res, errorDeps);
  });
}

type ErrorDeps = Parameters<typeof writeErrorResponse>[3];

function isHandler(handler: RequestHandler | undefined): handler is RequestHandler {
  return handler !== undefined;
}

/** 403 for a client outside IP_ALLOWLIST (paths exempted by IP_ALLOWLIST_EXEMPT_PATHS pass). */
function ipAllowlist(policy: SecurityPolicy, errorDeps: ErrorDeps): RequestHandler {
  return (req, res, next) => {
    const list = policy.ipAllowlist;
    if (!list.enabled || policy.isIpExempt(req.path) || list.allows(req.ip)) return next();
    writeErrorResponse(
      new AppError('FORBIDDEN', `Client address ${req.ip ?? '(unknown)'} is not in the IP allow-list`, {
        reason: 'ip_not_allowed',
      }),
      req,
      res,
      errorDeps,
    );
  };
}

/** While draining, new work is refused (503 SHUTTING_DOWN); probes still answer. Counts requests in flight. */
function drainRefusal(lifecycle: LifecycleService, errorDeps: ErrorDeps): RequestHandler {
  return (req, res, next) => {
    if (!lifecycle.acceptingWork && !req.path.startsWith('/health')) {
      res.setHeader('Connection', 'close');
      writeErrorResponse(
        new AppError('SHUTTING_DOWN', 'The service is shutting down; retry on another replica'),
        req,
        res,
        errorDeps,
      );
      return;
    }
    lifecycle.requestStarted();
    res.once('close', () => lifecycle.requestFinished());
    next();
  };
}

/** TRUST_PROXY as Express understands it: boolean, hop count, or a list of subnets/names. */
export function trustProxySetting(value: string): boolean | number | string[] {
  const text = value.trim();
  if (text === 'true') return true;
  if (text === 'false' || text === '') return false;
  if (/^\d+$/.test(text)) return Number(text);
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
