import { HttpException } from '@nestjs/common';
import { BaseErrorHandler, ClassifiedError } from '../../base/base-error-handler';
import { AppError } from './app-error';
import { isDependencyOutage } from './dependency-outage';
import { ErrorCode, statusOf } from './error-codes';

/** Nest/Express statuses that have a code of their own; any other 4xx is a validation failure. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
  504: 'TIMEOUT',
};

/** body-parser's error types, raised before any Nest handler runs. */
const BODY_PARSER_CODES: Record<string, { code: ErrorCode; message: string }> = {
  'entity.parse.failed': { code: 'VALIDATION_FAILED', message: 'Request body is not valid JSON' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: 'Request body exceeds the size limit' },
  'entity.verify.failed': { code: 'VALIDATION_FAILED', message: 'Request body failed verification' },
  'request.aborted': { code: 'VALIDATION_FAILED', message: 'Request body was aborted' },
  'request.size.invalid': { code: 'VALIDATION_FAILED', message: 'Request body size does not match Content-Length' },
  'encoding.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content encoding' },
  'charset.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported charset' },
  'parameters.too.many': { code: 'PAYLOAD_TOO_LARGE', message: 'Too many parameters' },
};

/**
 * Turns anything thrown into a code from the closed set. Only AppError and framework errors
 * speak to the client in their own words; anything else is INTERNAL with a fixed message.
 */
export class CoreErrorHandler extends BaseErrorHandler {
  classify(exception: unknown): ClassifiedError {
    // The database or Redis being unreachable says nothing about the request, and nothing was
    // accepted (a task whose row could not be written is never answered 202): 503 with a retry
    // hint, while readiness fails and balancers stop sending.
    if (isDependencyOutage(exception)) {
      return {
        code: 'SERVICE_UNAVAILABLE',
        status: 503,
        message: 'A dependency (database or Redis) is unreachable; retry shortly',
        headers: { 'Retry-After': '2' },
        expected: true,
      };
    }
    if (exception instanceof AppError) {
      return {
        code: exception.code,
        status: exception.status,
        message: exception.message,
        details: exception.details,
        headers: exception.headers,
        expected: exception.status < 500 || exception.code !== 'INTERNAL',
      };
    }
    const fieldError = asFieldError(exception);
    if (fieldError) {
      return {
        code: 'VALIDATION_FAILED',
        status: 400,
        message: fieldError.message,
        details: { fields: [{ field: fieldError.field, message: fieldError.message }] },
        expected: true,
      };
    }
    if (isPathDecodeError(exception)) {
      const message = 'A path segment is not valid percent-encoded UTF-8';
      return {
        code: 'VALIDATION_FAILED',
        status: 400,
        message,
        details: { fields: [{ field: 'path', message }] },
        expected: true,
      };
    }
    const parser = asBodyParserError(exception);
    if (parser) {
      const known = BODY_PARSER_CODES[parser.type];
      const code = known?.code ?? CODE_BY_STATUS[parser.status] ?? 'VALIDATION_FAILED';
      const details = parser.type === 'entity.too.large' ? { limitBytes: parser.limit } : undefined;
      return {
        code,
        status: statusOf(code),
        message: known?.message ?? 'Request body could not be read',
        details,
        expected: true,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      if (code === 'INTERNAL') return internal();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : (messageOf(body) ?? exception.message);
      const details = code === 'SERVICE_UNAVAILABLE' && typeof body === 'object' ? body : undefined;
      return { code, status: statusOf(code), message, details, expected: true };
    }
    return internal();
  }
}

function internal(): ClassifiedError {
  return {
    code: 'INTERNAL',
    status: 500,
    message: 'An unexpected error occurred; quote the request id when reporting it',
    expected: false,
  };
}

function messageOf(body: object): string | undefined {
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}

/**
 * Errors from lower layers that cannot depend on AppError but name the offending field and say
 * they are validation failures (e.g. persistence's InvalidCursorError: `{ field, code }`).
 */
function asFieldError(exception: unknown): { field: string; message: string } | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { field, code } = exception as Error & { field?: unknown; code?: unknown };
  if (typeof field === 'string' && code === 'VALIDATION_FAILED') return { field, message: exception.message };
  return undefined;
}

/** Express's router fails to decode `%ED%A0%80` and the like with a URIError carrying status 400. */
function isPathDecodeError(exception: unknown): boolean {
  return exception instanceof URIError && (exception as URIError & { status?: unknown }).status === 400;
}

function asBodyParserError(exception: unknown): { type: string; status: number; limit?: number } | undefined {
  if (!exception || typeof exception !== 'object') return undefined;
  const e = exception as { type?: unknown; status?: unknown; statusCode?: unknown; limit?: unknown; expose?: unknown };
  if (typeof e.type !== 'string' || (typeof e.status !== 'number' && typeof e.statusCode !== 'number'))
    return undefined;
  if (!(e.type in BODY_PARSER_CODES) && e.expose !== true) return undefined;
  return {
    type: e.type,
    status: (e.status ?? e.statusCode) as number,
    limit: typeof e.limit === 'number' ? e.limit : undefined,
  };
}
