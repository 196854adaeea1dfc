import { Module } from '@nestjs/common';
import { AgentCoordinatorModule } from '@app/agent-coordinator';
import { HanditModule } from '@app/handit';
import { LanggraphModule } from '@app/langgraph';
import { LettaModule } from '@app/letta';
import { BatchExecutor } from './execute/batch-executor';
import { OperationRunner } from './execute/operation-runner';
import { HaltController } from './halt.controller';
import { OrchestrationController } from './orchestration.controller';
import { RiskLimitsController } from './risk-limits.controller';
import { ReplaysController } from './replays.controller';
import { RunsController } from './runs.controller';
import { WebhooksApiModule } from '../webhooks/webhooks-api.module';

/**
 * /api/v1/orchestration: execute (workflows, any single operation, batches), workflows, runs,
 * risk limits and the kill switch. Exports the workflows library so /status can show the kill switches.
 */
@Module({
  imports: [LanggraphModule, HanditModule, AgentCoordinatorModule, LettaModule, WebhooksApiModule],
  controllers: [OrchestrationController, RunsController, ReplaysController, RiskLimitsController, HaltController],
  providers: [OperationRunner, BatchExecutor],
  exports: [LanggraphModule],
})
export class WorkflowsApiModule {}
