import {
  applyDecorators,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';

export const RAW_RESPONSE = 'infrastructure:raw-response';

const RAW = Symbol('rawResponse');

/**
 * Marks the response of a raw route, whose result the envelope leaves alone (see
 * EnvelopedExpressAdapter). Only raw routes carry it, so the enveloped majority runs with no
 * interceptor at all.
 */
@Injectable()
export class RawResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') context.switchToHttp().getResponse<Record<symbol, boolean>>()[RAW] = true;
    return next.handle();
  }
}

/** Whether `res` belongs to a route marked @RawResponse(). */
export function isRawResponse(res: object): boolean {
  return (res as Record<symbol, boolean | undefined>)[RAW] === true;
}

/** Marks a handler whose body is not JSON-enveloped (Prometheus text, SSE streams, HTML). */
export const RawResponse = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(RAW_RESPONSE, true), UseInterceptors(RawResponseInterceptor));
