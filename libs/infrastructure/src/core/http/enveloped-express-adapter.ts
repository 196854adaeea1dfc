import { StreamableFile } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { BaseResponse } from '../../base/base-response';
import { requestIdOf } from '../logging/request-id';
import { isRawResponse } from './raw-response.decorator';

/**
 * Nest's Express adapter, wrapping each handler's result in `{ success, data, meta }` where Nest
 * hands it over to be sent (`reply`). That was a global interceptor; an interceptor costs every
 * request a promise, an AsyncResource, a ReplaySubject and an rxjs pipeline, about a tenth of a
 * liveness probe. Left as they are: routes marked @RawResponse(), streamed bodies, and anything
 * sent before `envelopeWith` (the envelope comes from the DI container, built after the adapter).
 * Errors never pass here: the exception filter writes their envelope itself.
 */
export class EnvelopedExpressAdapter extends ExpressAdapter {
  private envelope?: BaseResponse;

  envelopeWith(envelope: BaseResponse): void {
    this.envelope = envelope;
  }

  override reply(response: object, body: unknown, statusCode?: number): unknown {
    if (!this.envelope || isRawResponse(response) || body instanceof StreamableFile)
      return super.reply(response, body, statusCode);
    return super.reply(
      response,
      this.envelope.success(body ?? null, requestIdOf((response as { req?: unknown }).req)),
      statusCode,
    );
  }
}
