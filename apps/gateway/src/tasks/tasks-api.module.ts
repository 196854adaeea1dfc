import { Module } from '@nestjs/common';
import { HanditModule } from '@app/handit';
import { DataPolicyController } from './data-policy.controller';
import { ModelRoutingController } from './model-routing.controller';
import { ModelVersionsController } from './model-versions.controller';
import { ModelsController } from './models.controller';
import { TaskShadowRunsController } from './task-shadow-runs.controller';
import { TaskLineageController } from './task-lineage.controller';
import { TasksController } from './tasks.controller';
import { WebhooksApiModule } from '../webhooks/webhooks-api.module';

/**
 * /api/v1/ai-orchestration: tasks, their lineage and shadow runs, models with their versions, routing rules and
 * comparison, capabilities, the tenant's data policy.
 */
@Module({
  imports: [HanditModule, WebhooksApiModule],
  controllers: [
    TasksController,
    TaskLineageController,
    TaskShadowRunsController,
    // Before ModelsController: `models/:id@:version` must be matched before `models/:id`.
    ModelVersionsController,
    ModelsController,
    ModelRoutingController,
    DataPolicyController,
  ],
})
export class TasksApiModule {}
