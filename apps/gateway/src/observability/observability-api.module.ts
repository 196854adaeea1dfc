import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LangfuseModule } from '@app/langfuse';
import { ObservabilityController } from './observability.controller';
import { TraceIdentityInterceptor } from './trace-identity.interceptor';

/** HTTP layer of tracing: /api/v1/observability/… over @app/langfuse, and the identity interceptor. */
@Module({
  imports: [LangfuseModule],
  controllers: [ObservabilityController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: TraceIdentityInterceptor }],
})
export class ObservabilityApiModule {}
