import { createHash } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  getStorageToken,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { AppError } from '../core/errors/app-error';
import { Authenticator } from './authenticator';
import type { Principal } from './principal';
import { routePath } from './path-match';
import { SecurityPolicy } from './security-policy';

/** The throttler the policy configures (throttlerOptionsFrom): one window for every route. */
export const RATE_LIMIT_THROTTLER = 'default';

/** Throttler options from the policy: one window of `ttlMs` allowing `max` requests. */
export function throttlerOptionsFrom(policy: SecurityPolicy): ThrottlerModuleOptions {
  return {
    throttlers: [{ name: RATE_LIMIT_THROTTLER, ttl: policy.rateLimit.ttlMs, limit: Math.max(policy.rateLimit.max, 1) }],
    setHeaders: true,
  };
}

/**
 * @nestjs/throttler's guard, adapted:
 * - tracks the authenticated principal when credentials are valid, else the client IP (so one
 *   client behind a shared NAT does not exhaust another's budget, and failed logins are limited
 *   per address);
 * - one budget per tracker across all routes (the stock key is per route, which would give a
 *   client `max` requests per route instead of `max` in total);
 * - skips exempt paths (health probes, metrics scrapes) and the whole thing when max = 0;
 * - throws AppError RATE_LIMITED with Retry-After, so the error envelope is the usual one.
 * It runs before AuthGuard: rejected credentials still count against the caller's IP.
 */
@Injectable()
export class RateLimitThrottler extends ThrottlerGuard {
  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly policy: SecurityPolicy,
    private readonly authenticator: Authenticator,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return rateLimitExempt(this.policy, context);
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    if (this.policy.enforced) {
      const result = this.authenticator.identify(req);
      if (result.kind === 'ok') return principalTracker(result.principal);
    }
    // The stock tracker normalises IPv6 to its /64, since one host usually owns a whole /64.
    return `ip:${await super.getTracker(req)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return rateLimitKey(tracker, throttlerName);
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw rateLimitedError(detail.limit, detail.ttl, detail.timeToBlockExpire);
  }
}

/**
 * The global guard in front of RateLimitThrottler: an exempt request (a probe, a scrape, or any
 * when max = 0) passes without the throttler's promise, which Nest awaits, costing every probe
 * two turns of the microtask queue.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly throttler: RateLimitThrottler,
    private readonly policy: SecurityPolicy,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    return rateLimitExempt(this.policy, context) || this.throttler.canActivate(context);
  }
}

function rateLimitExempt(policy: SecurityPolicy, context: ExecutionContext): boolean {
  if (context.getType() !== 'http') return true;
  return policy.isRateLimitExempt(routePath(context.switchToHttp().getRequest<Parameters<typeof routePath>[0]>()));
}

/** Whose budget a request spends: the principal's, across keys' routes and protocols. */
export function principalTracker(principal: Pick<Principal, 'authMethod' | 'id'>): string {
  return `${principal.authMethod}:${principal.id}`;
}

/** The storage key of a tracker's budget (hashed: trackers hold principal ids and addresses). */
export function rateLimitKey(tracker: string, throttlerName = RATE_LIMIT_THROTTLER): string {
  return createHash('sha256').update(`${throttlerName}:${tracker}`).digest('hex');
}

/** 429 RATE_LIMITED with Retry-After, the same answer wherever a budget runs out. */
export function rateLimitedError(limit: number, ttlMs: number, secondsToExpire: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(secondsToExpire));
  return new AppError(
    'RATE_LIMITED',
    `Too many requests: at most ${limit} per ${Math.round(ttlMs / 1000)}s; retry after ${retryAfter}s`,
    { limit, windowMs: ttlMs, retryAfterSec: retryAfter },
    { 'Retry-After': String(retryAfter) },
  );
}
