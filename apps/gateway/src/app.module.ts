import { DynamicModule, Module, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig, AuditModule, InfrastructureModule, PersistenceModule, SecurityModule } from '@app/infrastructure';
import { AgentsApiModule } from './agents/agents-api.module';
import { CalendarsApiModule } from './calendars/calendars-api.module';
import { RealtimeModule } from './realtime/realtime.module';
import { MemoryApiModule } from './memory/memory-api.module';
import { ObservabilityApiModule } from './observability/observability-api.module';
import { SchedulerApiModule } from './scheduler/scheduler-api.module';
import { PromptsApiModule } from './prompts/prompts-api.module';
import { EvaluationsApiModule } from './evaluations/evaluations-api.module';
import { MonitoringApiModule } from './monitoring/monitoring-api.module';
import { TasksApiModule } from './tasks/tasks-api.module';
import { WorkflowsApiModule } from './workflows/workflows-api.module';
import { LanggraphApiModule } from './langgraph-api/langgraph-api.module';
import { AuditLogController } from './operations/audit-log.controller';
import { HealthController } from './operations/health.controller';
import { RedisHealthIndicator } from './operations/redis-health.indicator';
import { MetricsController } from './operations/metrics.controller';
import { ProfileController } from './operations/profiling/profile.controller';
import { ReplicaProfiler } from './operations/profiling/replica-profiler';
import { StatusController } from './operations/status.controller';

/** The one deployable: composes the libraries and serves their routes. */
@Module({})
export class AppModule {
  /** `extraControllers` lets tests mount fixture routes on the otherwise unchanged app. */
  static forRoot(config: AppConfig, extraControllers: Type<unknown>[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        PersistenceModule.forRoot({
          url: config.database.url || undefined,
          sqlitePath: config.database.sqlitePath,
          busyTimeoutMs: config.database.busyTimeoutMs,
          poolMax: config.database.poolMax,
        }),
        SecurityModule.forRoot({
          apiKeys: config.security.apiKeys,
          jwt: {
            secret: config.security.jwt.secret || undefined,
            issuer: config.security.jwt.issuer || undefined,
            audience: config.security.jwt.audience || undefined,
            clockToleranceSec: config.security.jwt.clockToleranceSec,
            defaultTenant: config.security.jwt.defaultTenant || undefined,
          },
          authDisabled: config.security.authDisabled,
          openPaths: config.security.openPaths,
          ipAllowlist: config.security.ipAllowlist,
          ipAllowlistExemptPaths: config.security.ipAllowlistExemptPaths,
          rateLimit: config.security.rateLimit,
          redisUrl: config.redis.url || undefined,
          nodeEnv: config.service.environment,
        }),
        AuditModule,
        TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 }),
        TasksApiModule,
        WorkflowsApiModule,
        LanggraphApiModule,
        MemoryApiModule,
        ObservabilityApiModule,
        SchedulerApiModule,
        MonitoringApiModule,
        AgentsApiModule,
        CalendarsApiModule,
        ...(config.service.websocket.enabled ? [RealtimeModule] : []),
        PromptsApiModule,
        EvaluationsApiModule,
      ],
      controllers: [
        HealthController,
        StatusController,
        MetricsController,
        AuditLogController,
        ProfileController,
        ...extraControllers,
      ],
      providers: [RedisHealthIndicator, ReplicaProfiler],
    };
  }
}
