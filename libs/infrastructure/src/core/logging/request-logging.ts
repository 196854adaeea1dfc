import type { IncomingMessage } from 'node:http';
import type { Logger as Pino } from 'pino';
import { pinoHttp, HttpLogger } from 'pino-http';
import { SecretRedactor } from '../redaction/secret-redactor';
import { assignRequestId } from './request-id';

/** The route template Express matched (e.g. `/api/v1/tasks/:id`), or a fixed label for no match. */
export function routeTemplateOf(req: IncomingMessage): string {
  const r = req as IncomingMessage & { route?: { path?: string }; baseUrl?: string };
  if (r.route?.path) return `${r.baseUrl ?? ''}${r.route.path}`;
  return 'unmatched';
}

/**
 * One JSON line per finished request: request id, method, route template, status, duration.
 * Headers that carry credentials never reach the log, and the URL is redacted (secret-named
 * query parameters, configured secret values): the request is bound to the line as a pino child
 * binding, which the logger's field formatter does not see.
 */
export function createRequestLogger(logger: Pino, redactor: SecretRedactor = new SecretRedactor()): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: assignRequestId,
    quietReqLogger: true,
    // 'silent' when the level is off (LOG_LEVEL=warn drops 2xx lines): pino-http then builds no line at all.
    customLogLevel: (_req, res, err) => {
      const level = err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      return logger.isLevelEnabled(level) ? level : 'silent';
    },
    customSuccessMessage: (req, res, ms) =>
      `${req.method} ${routeTemplateOf(req)} ${res.statusCode} ${Math.round(ms)}ms`,
    customErrorMessage: (req, res) => `${req.method} ${routeTemplateOf(req)} ${res.statusCode}`,
    customSuccessObject: (req, res, value: Record<string, unknown>) => ({
      ...value,
      method: req.method,
      route: routeTemplateOf(req),
      status: res.statusCode,
      durationMs: value.responseTime,
    }),
    customErrorObject: (req, res, _err, value: Record<string, unknown>) => ({
      ...value,
      method: req.method,
      route: routeTemplateOf(req),
      status: res.statusCode,
      durationMs: value.responseTime,
    }),
    // `status` is written by the success/error objects above; the raw `res` adds nothing.
    wrapSerializers: false,
    serializers: {
      res: () => undefined,
      req: (req: IncomingMessage & { id?: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: maskIfText(req.url, redactor),
        remoteAddress: req.remoteAddress,
        userAgent: maskIfText(req.headers?.['user-agent'], redactor),
      }),
    },
  });
}

function maskIfText(value: unknown, redactor: SecretRedactor): string | undefined {
  return typeof value === 'string' ? redactor.maskText(value) : undefined;
}
