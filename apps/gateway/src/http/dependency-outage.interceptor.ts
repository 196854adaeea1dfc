import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { AppError } from '@app/infrastructure';

/** Socket errors of a dependency that is down or restarting. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** PostgreSQL: connection exceptions (class 08) and the server shutting down or starting (57P0x). */
const PG_UNAVAILABLE = /^(08|57P0[1-3])/;
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|Stream isn't writeable|enableOfflineQueue/i;

/** True when `err` says a dependency (PostgreSQL, Redis) is unreachable rather than that the request is wrong. */
export function isDependencyOutage(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || PG_UNAVAILABLE.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDependencyOutage(inner, depth + 1))) return true;
  return isDependencyOutage(e.cause, depth + 1);
}

/**
 * A request that fails because the database or Redis is unreachable gets 503 with Retry-After,
 * not 500: nothing is wrong with the request, and nothing was accepted (a task whose row could
 * not be written is never answered 202). Readiness fails meanwhile, so balancers stop sending.
 */
@Injectable()
export class DependencyOutageInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) =>
        throwError(() => (isDependencyOutage(err) ? new AppError('SERVICE_UNAVAILABLE', 'A dependency (database or Redis) is unreachable; retry shortly', undefined, { 'Retry-After': '2' }) : err)),
      ),
    );
  }
}
