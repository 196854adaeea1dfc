import { Logger, Module, type DynamicModule, type ModuleMetadata, type Provider } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { getOptionsToken, getStorageToken, ThrottlerStorageService } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { BaseLogger } from '../base/base-logger';
import { throttledErrorLog } from '../core/logging/connection-error-log';
import { assertAuthConfigured } from './auth-config';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { IpAllowlistGuard } from './ip-allowlist.guard';
import { RateLimitBudget } from './rate-limit-budget';
import { RateLimitGuard, RateLimitThrottler, throttlerOptionsFrom } from './rate-limit.guard';
import { RedisThrottlerStorage } from './redis-throttler-storage';
import { SECURITY_OPTIONS, type SecurityOptions } from './security-options';
import { SecurityPolicy } from './security-policy';

export interface SecurityModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // Nest's factory-provider signature: arguments arrive in `inject` order.
  useFactory: (...args: any[]) => SecurityOptions | Promise<SecurityOptions>;
  inject?: NonNullable<Extract<Provider, { useFactory: unknown }>['inject']>;
}

function createPolicy(options: SecurityOptions): SecurityPolicy {
  // Checked here, not only in main.ts, so no composition of the app can boot misconfigured.
  assertAuthConfigured(options.nodeEnv ?? process.env.NODE_ENV, options, new Logger('Security'));
  return new SecurityPolicy(options);
}

/** The rate-limit counters: in memory, or on Redis (shared by replicas) when REDIS_URL is set. */
function createStorage(policy: SecurityPolicy, logger?: BaseLogger) {
  if (!policy.redisUrl) return new ThrottlerStorageService();
  const redis = new Redis(policy.redisUrl, {
    // Bounded waits: a slow or absent Redis must not hold requests; the storage fails open.
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    connectionName: 'rate-limit',
  });
  // Without a listener ioredis prints a raw stack per reconnect attempt while Redis is down.
  const sink = logger?.child({ component: 'security' }) ?? new Logger('Security');
  redis.on('error', throttledErrorLog(sink, 'rate-limit'));
  return new RedisThrottlerStorage(redis);
}

/**
 * Authentication, roles, rate limiting and the IP allow-list as three global guards, in this
 * order (Nest runs APP_GUARDs in registration order):
 *   1. IpAllowlistGuard → 403 before anything else is looked at;
 *   2. RateLimitGuard   → 429; counts per principal, or per IP for bad/no credentials;
 *   3. AuthGuard        → 401 / 403, attaches the Principal.
 */
@Module({})
export class SecurityModule {
  static forRootAsync(options: SecurityModuleAsyncOptions): DynamicModule {
    return SecurityModule.build(options.imports ?? [], {
      provide: SECURITY_OPTIONS,
      useFactory: options.useFactory,
      inject: options.inject ?? [],
    });
  }

  /** Static options, handy in tests. */
  static forRoot(options: SecurityOptions): DynamicModule {
    return SecurityModule.build([], { provide: SECURITY_OPTIONS, useValue: options });
  }

  private static build(imports: NonNullable<ModuleMetadata['imports']>, optionsProvider: Provider): DynamicModule {
    return {
      module: SecurityModule,
      global: true,
      imports: [...imports, DiscoveryModule],
      providers: [
        optionsProvider,
        { provide: SecurityPolicy, useFactory: createPolicy, inject: [SECURITY_OPTIONS] },
        Authenticator,
        { provide: getOptionsToken(), useFactory: throttlerOptionsFrom, inject: [SecurityPolicy] },
        {
          provide: getStorageToken(),
          useFactory: createStorage,
          inject: [SecurityPolicy, { token: BaseLogger, optional: true }],
        },
        RateLimitBudget,
        RateLimitThrottler,
        { provide: APP_GUARD, useClass: IpAllowlistGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [SECURITY_OPTIONS, SecurityPolicy, Authenticator, RateLimitBudget],
    };
  }
}
