import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiErrors } from './openapi.decorators';
import { page } from './page';

// Nest applies a method's or class's decorators bottom-up; each composite here applies its parts in
// that order, so the OpenAPI document is byte for byte what the decorators written out produced.

/**
 * What any route that reads a JSON body can answer (a bad or too large body, no or too low
 * credentials, too many requests); a route lists its own codes after these.
 */
export const BODY_ERRORS = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
] as const satisfies Parameters<typeof ApiErrors>;

/** A route for any caller with an API key or a bearer token (every route outside /health and /docs). */
export const ApiCallerAuth = () => applyDecorators(ApiBearerAuth('bearer'), ApiSecurity('api-key'));

/** A controller of the API at `path` (no leading slash), under its Swagger tag, for callers with a key or token. */
export const CallerController = (tag: string, path: string) =>
  applyDecorators(Controller(path), ApiCallerAuth(), ApiTags(tag));

/** What a Server-Sent Events route documents besides its path and its operation. */
export interface EventStreamDoc {
  /** What the Last-Event-ID header names (the stream resumes after it). */
  lastEventId: string;
  /** An excerpt of the stream, shown as the 200 answer's description. */
  example: string;
  /** What can be answered before the stream opens. */
  errors: Parameters<typeof ApiErrors>;
}

/** A Server-Sent Events route resumed by Last-Event-ID. */
export const ApiEventStream = ({ lastEventId, example, errors }: EventStreamDoc) =>
  applyDecorators(
    ApiErrors(...errors),
    ApiResponse({
      status: 200,
      description: example,
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    }),
    ApiProduces('text/event-stream'),
    ApiHeader({ name: 'Last-Event-ID', required: false, description: lastEventId }),
  );

/** A cursor-paginated list: one page of `item` in the envelope; a bad filter or cursor is VALIDATION_FAILED. */
export const ApiCursorPage = (description: string, item: object) =>
  applyDecorators(
    ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED'),
    ApiEnvelope(200, description, page(item)),
  );
