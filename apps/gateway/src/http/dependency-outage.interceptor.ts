import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { AppError, isDependencyOutage } from '@app/infrastructure';

/**
 * A request that fails because the database or Redis is unreachable gets 503 with Retry-After,
 * not 500: nothing is wrong with the request, and nothing was accepted (a task whose row could
 * not be written is never answered 202). Readiness fails meanwhile, so balancers stop sending.
 */
@Injectable()
export class DependencyOutageInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((err: unknown) =>
          throwError(() =>
            isDependencyOutage(err)
              ? new AppError(
                  'SERVICE_UNAVAILABLE',
                  'A dependency (database or Redis) is unreachable; retry shortly',
                  undefined,
                  { 'Retry-After': '2' },
                )
              : err,
          ),
        ),
      );
  }
}
