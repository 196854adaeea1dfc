import { Module } from '@nestjs/common';
import { LanggraphModule } from '@app/langgraph';
import { HaltController } from './halt.controller';
import { OrchestrationController } from './orchestration.controller';
import { RiskLimitsController } from './risk-limits.controller';
import { ReplaysController } from './replays.controller';
import { RunsController } from './runs.controller';
import { WebhooksApiModule } from '../webhooks/webhooks-api.module';

/**
 * /api/v1/orchestration: execute, workflows, runs, risk limits and the kill switch. Exports the
 * workflows library so /status can show the kill switches.
 */
@Module({
  imports: [LanggraphModule, WebhooksApiModule],
  controllers: [OrchestrationController, RunsController, ReplaysController, RiskLimitsController, HaltController],
  exports: [LanggraphModule],
})
export class WorkflowsApiModule {}
