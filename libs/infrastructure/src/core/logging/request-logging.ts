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

type LoggedRequest = IncomingMessage & { id?: string };
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
 * Nothing here reads pino-http's `req.log`: handlers log through the Nest logger with the request id.
 */
export function createRequestLogger(logger: Pino, redactor: SecretRedactor = new SecretRedactor()): RequestLogger {
  const serialize = (req: LoggedRequest) => ({
    id: req.id,
    method: req.method,
    url: maskIfText(req.url, redactor),
    remoteAddress: req.socket?.remoteAddress,
    userAgent: maskIfText(req.headers['user-agent'], redactor),
  });

  const finished = (req: LoggedRequest, res: ServerResponse, startedAt: number) => {
    const failed = res.statusCode >= 500;
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
      fields.err = new Error(`failed with status code ${res.statusCode}`);
      logger[level](fields, `${req.method} ${route} ${res.statusCode}`);
    } else {
      logger[level](fields, `${req.method} ${route} ${res.statusCode} ${Math.round(responseTime)}ms`);
    }
  };

  return (request, res, next) => {
    const req = request as LoggedRequest;
    const startedAt = Date.now();
    req.id = assignRequestId(req, res);
    // A response emits 'close' once, after 'finish' when it was answered, or alone when the
    // client went away first; one listener covers both.
    res.once('close', () => finished(req, res, startedAt));
    next();
  };
}

function maskIfText(value: unknown, redactor: SecretRedactor): string | undefined {
  return typeof value === 'string' ? redactor.maskText(value) : undefined;
}
