import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Counter } from 'prom-client';
import { Observable, map } from 'rxjs';
import { BaseConfig, BasePerformance } from '@app/infrastructure';
import { serviceVersion } from '../operations/service-version';

/** Read routes whose answers clients may cache, each with its TTL in `performance.cache.ttls`. */
export type CacheableKind = 'models' | 'capabilities' | 'workflows';

export interface HttpCacheSpec {
  kind: CacheableKind;
  /**
   * A short string that changes whenever the answer does, built from the few fields that can
   * change (ids, versions, statuses, counts), never the whole body: hashing an 80 KB catalogue
   * per request is the cost Express's app-wide ETag was turned off for.
   */
  validator: (data: never) => string;
}

export const HTTP_CACHE = Symbol('httpCache');

/** `If-None-Match` holds the tag (weak comparison, as RFC 9110 asks for GET), or `*`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((part) => {
    const tag = part.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/**
 * ETag, Cache-Control and If-None-Match → 304 for the routes marked @HttpCache. The tag is a
 * SHA-1 of the kind, the service version and the route's validator string, so replicas of one
 * build agree on it and a client revalidating against another replica still gets its 304.
 * `Cache-Control: private` because answers depend on the caller (tenant); `Vary` says on what.
 */
@Injectable()
export class HttpCacheInterceptor implements NestInterceptor {
  private readonly revalidations: Counter<'kind' | 'result'>;

  constructor(
    private readonly reflector: Reflector,
    private readonly config: BaseConfig,
    performance: BasePerformance,
  ) {
    this.revalidations = performance.counter({
      name: 'http_cache_responses_total',
      help: 'Cacheable GET answers by kind: not_modified (304 to If-None-Match), full (200)',
      labelNames: ['kind', 'result'] as const,
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<HttpCacheSpec | undefined>(HTTP_CACHE, context.getHandler());
    if (!spec || context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const ttlMs = this.config.values.performance.cache.ttls[spec.kind];
    return next.handle().pipe(
      map((data: unknown) => {
        const digest = createHash('sha1')
          .update(`${spec.kind}\0${serviceVersion()}\0${spec.validator(data as never)}`)
          .digest('base64url');
        const etag = `W/"${digest}"`;
        res.setHeader('ETag', etag);
        res.setHeader('Cache-Control', ttlMs > 0 ? `private, max-age=${Math.ceil(ttlMs / 1000)}` : 'private, no-cache');
        res.setHeader('Vary', 'Authorization, X-API-Key');
        if (matchesIfNoneMatch(req.header('if-none-match'), etag)) {
          this.revalidations.inc({ kind: spec.kind, result: 'not_modified' });
          // Node sends a 304 without a body whatever is written, so the envelope costs nothing.
          res.status(304);
          return null;
        }
        this.revalidations.inc({ kind: spec.kind, result: 'full' });
        return data;
      }),
    );
  }
}
