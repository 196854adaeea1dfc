import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { BaseCache } from './base/base-cache';
import { BaseConfig } from './base/base-config';
import { BaseErrorHandler } from './base/base-error-handler';
import { BaseLogger } from './base/base-logger';
import { BasePerformance } from './base/base-performance';
import { BaseResponse } from './base/base-response';
import { CoreCache } from './core/cache/core-cache';
import { AppConfig } from './core/config/config.schema';
import { CoreConfig } from './core/config/core-config';
import { CoreErrorHandler } from './core/errors/core-error-handler';
import { AllExceptionsFilter } from './core/http/all-exceptions.filter';
import { CoreResponse } from './core/http/core-response';
import { LifecycleService } from './core/lifecycle/lifecycle.service';
import { CoreLogger, createPino } from './core/logging/core-logger';
import { CorePerformance } from './core/metrics/core-performance';
import { ProviderBreakers } from './core/resilience/provider-breakers';
import { ProviderBreakersStatus } from './core/resilience/provider-breakers.status';
import { SecretRedactor } from './core/redaction/secret-redactor';
import { ComponentStatusService } from './core/status/component-status.service';
import { BoundedValidationPipe } from './core/validation/bounded-validation.pipe';
import { ContainerCore } from './optional/container-core';
import { EventCore } from './optional/event-core';
import { FactoryCore } from './optional/factory-core';
import { ValidationCore } from './optional/validation-core';

/**
 * Binds the base contracts to their core implementations for the whole app, plus the global
 * filter and validation pipe (the success envelope is the HTTP adapter's: EnvelopedExpressAdapter).
 * Optional layers are added as config says.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(values: AppConfig): DynamicModule {
    const config = new CoreConfig(values);
    const redactor = SecretRedactor.fromConfig(values);
    const logger = new CoreLogger(createPino(values.service.logLevel, values.service.name, redactor), redactor);
    const performance = new CorePerformance({ defaultMetrics: values.monitoring.defaultMetrics });

    const providers: Provider[] = [
      { provide: BaseConfig, useValue: config },
      { provide: BaseLogger, useValue: logger },
      { provide: SecretRedactor, useValue: redactor },
      { provide: BasePerformance, useValue: performance },
      { provide: BaseErrorHandler, useClass: CoreErrorHandler },
      { provide: BaseResponse, useClass: CoreResponse },
      {
        provide: BaseCache,
        useFactory: () =>
          new CoreCache(
            {
              maxEntries: values.performance.cache.maxEntries,
              ttlMs: values.performance.cache.ttlMs,
              l1: values.performance.cache.l1,
              redisUrl: values.redis.url || undefined,
            },
            performance,
            logger.child({ component: 'cache' }),
          ),
      },
      LifecycleService,
      ComponentStatusService,
      ProviderBreakers,
      ProviderBreakersStatus,
      { provide: APP_FILTER, useClass: AllExceptionsFilter },
      { provide: APP_PIPE, useFactory: () => new BoundedValidationPipe() },
    ];
    const exported: NonNullable<DynamicModule['exports']> = [
      BaseConfig,
      BaseLogger,
      SecretRedactor,
      BasePerformance,
      BaseErrorHandler,
      BaseResponse,
      BaseCache,
      LifecycleService,
      ComponentStatusService,
      ProviderBreakers,
    ];
    const imports: NonNullable<DynamicModule['imports']> = [DiscoveryModule];

    const { optional } = values;
    if (optional.events) {
      imports.push(EventEmitterModule.forRoot({ wildcard: true, delimiter: '.', maxListeners: 50 }));
      providers.push(EventCore);
      exported.push(EventCore);
    }
    if (optional.validation) {
      providers.push(ValidationCore);
      exported.push(ValidationCore);
    }
    if (optional.container) {
      providers.push(ContainerCore);
      exported.push(ContainerCore);
    }
    if (optional.factory) {
      providers.push(FactoryCore);
      exported.push(FactoryCore);
    }
    return { module: InfrastructureModule, imports, providers, exports: exported };
  }
}
