import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, Logger as Pino } from 'pino';
import { SecretRedactor } from '../redaction/secret-redactor';
import { assignRequestId } from './request-id';

/** The route template Express matched (e.g. `/api/v1/tasks/:id`), or a fixed label for no match. */
export function routeTemplateOf(req: IncomingMessage): string {
  const r = req as IncomingMessage & { route?: { path?: string }; baseUrl?: string };
  if (r.route?.path) return `${r.baseUrl ?? ''}${r.route.path}`;
  return 'unmatched';
}

type LoggedRequest = IncomingMessage & { id?: string; log?: Pino };
export type RequestLogger = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * One JSON line per finished request: request id, method, route template, status, duration.
 * Headers that carry credentials never reach the log, and the URL is redacted (secret-named
 * query parameters, configured secret values).
 *
 * Written by hand rather than with pino-http, which builds two child loggers per request and
 * serialises the request into them up front, whether or not a line is written (at LOG_LEVEL=warn
 * every 2xx line is dropped): that was 7 % of the main thread's time on `GET /health/live`. Here a
 * request costs its id and one listener until it ends; the line is built only when its level is
 * on, with the fields pino-http wrote (`reqId`, `req`, `responseTime`, and `err` for a failure).
 * `req.log` is still there for handlers that want a logger bound to the request, made on first use.
 */
export function createRequestLogger(logger: Pino, redactor: SecretRedactor = new SecretRedactor()): RequestLogger {
  const serialize = (req: LoggedRequest) => ({
    id: req.id,
    method: req.method,
    url: maskIfText(req.url, redactor),
    remoteAddress: req.socket?.remoteAddress,
    userAgent: maskIfText(req.headers['user-agent'], redactor),
  });

  const finished = (req: LoggedRequest, res: ServerResponse, startedAt: number, err?: Error) => {
    const failed = err !== undefined || res.statusCode >= 500;
    const level: Level = failed ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const responseTime = Date.now() - startedAt;
    const route = routeTemplateOf(req);
    const fields: Record<string, unknown> = {
      reqId: req.id,
      req: serialize(req),
      responseTime,
      method: req.method,
      route,
      status: res.statusCode,
      durationMs: responseTime,
    };
    if (failed) {
      fields.err = err ?? new Error(`failed with status code ${res.statusCode}`);
      logger[level](fields, `${req.method} ${route} ${res.statusCode}`);
    } else {
      logger[level](fields, `${req.method} ${route} ${res.statusCode} ${Math.round(responseTime)}ms`);
    }
  };

  return (request, res, next) => {
    const req = request as LoggedRequest;
    const startedAt = Date.now();
    req.id = assignRequestId(req, res);
    let bound: Pino | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: false,
      get: () => (bound ??= logger.child({ reqId: req.id })),
    });
    // The first of finish (answered), close (the client went away first) and error ends it.
    const done = (err?: Error) => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      res.removeListener('error', done);
      finished(req, res, startedAt, err instanceof Error ? err : undefined);
    };
    res.on('finish', done);
    res.on('close', done);
    res.on('error', done);
    next();
  };
}

function maskIfText(value: unknown, redactor: SecretRedactor): string | undefined {
  return typeof value === 'string' ? redactor.maskText(value) : undefined;
}
