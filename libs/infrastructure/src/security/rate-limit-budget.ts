import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import type { AppError } from '../core/errors/app-error';
import { RATE_LIMIT_THROTTLER, rateLimitedError, rateLimitKey } from './rate-limit.guard';
import { SecurityPolicy } from './security-policy';

/**
 * The per-caller budget RateLimitGuard enforces on HTTP, for traffic that does not pass through
 * the Express pipeline (a WebSocket upgrade and each of its messages). It spends the same budget
 * in the same storage (memory, or Redis across replicas), so a second protocol is not a second
 * allowance.
 */
@Injectable()
export class RateLimitBudget {
  constructor(
    private readonly policy: SecurityPolicy,
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
  ) {}

  /** Counts one request of `tracker` (principalTracker, or `ip:<address>`): null when allowed, else the 429 error. */
  async spend(tracker: string): Promise<AppError | null> {
    const { max, ttlMs } = this.policy.rateLimit;
    if (max === 0) return null;
    const record = await this.storage.increment(rateLimitKey(tracker), ttlMs, max, ttlMs, RATE_LIMIT_THROTTLER);
    return record.isBlocked ? rateLimitedError(max, ttlMs, record.timeToBlockExpire) : null;
  }
}
