import { Module } from '@nestjs/common';
import { LanggraphModule } from '@app/langgraph';
import { OrchestrationController } from './orchestration.controller';
import { RunsController } from './runs.controller';

/** /api/v1/orchestration: execute, workflows, runs. */
@Module({
  imports: [LanggraphModule],
  controllers: [OrchestrationController, RunsController],
})
export class WorkflowsApiModule {}
