import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, map } from 'rxjs';
import { BaseResponse } from '../../base/base-response';
import { requestIdOf } from '../logging/request-id';
import { RAW_RESPONSE } from './raw-response.decorator';

/** Wraps every successful JSON result in `{ success, data, meta }`. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly response: BaseResponse,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const raw = this.reflector.getAllAndOverride<boolean>(RAW_RESPONSE, [context.getHandler(), context.getClass()]);
    if (raw) return next.handle();
    const req = context.switchToHttp().getRequest();
    return next
      .handle()
      .pipe(
        map((data: unknown) =>
          data instanceof StreamableFile ? data : this.response.success(data ?? null, requestIdOf(req)),
        ),
      );
  }
}
