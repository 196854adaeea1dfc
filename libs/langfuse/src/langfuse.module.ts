import { Module } from '@nestjs/common';
import { BaseConfig, PersistenceModule } from '@app/infrastructure';
import { TraceQueryService } from './api/trace-query.service';
import { ScoreService } from './scores/score.service';
import { langfuseMigrations } from './persistence/migrations';
import { TraceStoreRepository } from './persistence/trace-store.repository';
import { TracingLifecycle } from './tracing/tracing-lifecycle';
import { TracingStatus } from './langfuse.status';
import { startTracing, TracingRuntime } from './tracing/tracing-runtime';

/**
 * Tracing: the OpenTelemetry runtime (the one the gateway started before the app, found by the
 * configuration object), the local trace store, scores and the status contributor. Needs
 * InfrastructureModule and PersistenceModule.forRoot in the application.
 */
@Module({
  imports: [PersistenceModule.forFeature({ namespace: 'langfuse', migrations: langfuseMigrations })],
  providers: [
    { provide: TracingRuntime, useFactory: (config: BaseConfig) => startTracing(config.values), inject: [BaseConfig] },
    TraceStoreRepository,
    ScoreService,
    TraceQueryService,
    TracingLifecycle,
    TracingStatus,
  ],
  exports: [TracingRuntime, ScoreService, TraceQueryService],
})
export class LangfuseModule {}
