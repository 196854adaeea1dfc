import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { HTTP_CACHE, HttpCacheInterceptor, type CacheableKind } from './http-cache.interceptor';

/**
 * Marks a GET whose answer clients may cache and revalidate: ETag from `validator(data)`,
 * Cache-Control max-age from CACHE_TTL_<KIND>_MS, 304 to a matching If-None-Match.
 */
export function HttpCache<T>(kind: CacheableKind, validator: (data: T) => string) {
  return applyDecorators(
    SetMetadata(HTTP_CACHE, { kind, validator }),
    UseInterceptors(HttpCacheInterceptor),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'The ETag of an earlier answer: 304 without a body while the answer is unchanged',
      example: 'W/"3q2-7w"',
    }),
    ApiResponse({
      status: 304,
      description: 'Not modified: the answer still has the ETag sent in If-None-Match (no body)',
    }),
  );
}
