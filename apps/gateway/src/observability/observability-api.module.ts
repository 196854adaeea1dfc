import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LangfuseModule } from '@app/langfuse';
import { ObservabilityController } from './observability.controller';
import { TraceIdentityGuard } from './trace-identity';

/** HTTP layer of tracing: /api/v1/observability/… over @app/langfuse, and the trace identity guard. */
@Module({
  imports: [LangfuseModule],
  controllers: [ObservabilityController],
  providers: [{ provide: APP_GUARD, useClass: TraceIdentityGuard }],
})
export class ObservabilityApiModule {}
